import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { Sample } from '@vift/schema';
import { recordBatchToSamples, samplesToRecordBatch } from './record-batch.js';

export type IpcFormat = 'file' | 'stream';

/** Samples as Arrow IPC bytes: the file format (random access, ".arrow") or the stream format. */
export function samplesToIpc(samples: readonly Sample[], options: { format?: IpcFormat } = {}): Uint8Array {
  return tableToIPC(new Table([samplesToRecordBatch(samples)]), options.format ?? 'file');
}

/** The samples of Arrow IPC bytes in either format. */
export function ipcToSamples(bytes: Uint8Array): Sample[] {
  return recordBatchToSamples(tableFromIPC(bytes));
}
