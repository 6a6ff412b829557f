import { RecordBatchFileWriter, RecordBatchStreamWriter, type RecordBatchWriter } from 'apache-arrow';
import { AtomicFile, type SampleSink } from '@vift/formats/node';
import type { Sample } from '@vift/schema';
import { sampleArrowSchema } from '../arrow-schema.js';
import type { IpcFormat } from '../ipc.js';
import { samplesToRecordBatch } from '../record-batch.js';

export type ArrowSink = SampleSink & { readonly rows: number };

/**
 * A sink writing samples as an Arrow IPC file (".arrow", the default) or stream, a record batch of
 * `batchSize` samples at a time, under a temporary name renamed when complete.
 */
export function openArrowSink(options: { output: string; format?: IpcFormat; batchSize?: number }): ArrowSink {
  const batchSize = options.batchSize ?? 10_000;
  const file = new AtomicFile(options.output);
  const writer: RecordBatchWriter = options.format === 'stream' ? new RecordBatchStreamWriter() : new RecordBatchFileWriter();
  writer.reset(undefined, sampleArrowSchema);
  // The writer is an async iterable of the bytes written to it: drain them to the file as they come.
  const drained = (async () => {
    for await (const chunk of writer) await file.writeBytes(chunk);
  })();
  drained.catch(() => undefined);
  let pending: Sample[] = [];
  let rows = 0;
  const flush = () => {
    if (pending.length > 0) writer.write(samplesToRecordBatch(pending));
    pending = [];
  };
  return {
    get rows() {
      return rows;
    },
    write(entry) {
      if (entry.sample === undefined) throw new TypeError('an Arrow sink needs samples, not records encoded for another format');
      pending.push(entry.sample);
      rows++;
      if (pending.length >= batchSize) flush();
      return undefined;
    },
    async commit() {
      flush();
      writer.close();
      await drained;
      await file.commit();
    },
    async abort() {
      writer.abort();
      await drained.catch(() => undefined);
      await file.abort();
    },
  };
}
