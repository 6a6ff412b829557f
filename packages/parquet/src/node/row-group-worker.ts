// A worker thread that turns row groups of Parquet files into JSON records (see row-group-records.ts).
import { parentPort } from 'node:worker_threads';
import type { FileHandle } from 'node:fs/promises';
import { readParquetFooter, type ParsedFooter, type RandomAccess } from '../read/fast-reader.js';
import type { ReadLayout } from '../read/detect-layout.js';
import { openFileAccess } from './file-access.js';
import { registerNodeCodecs } from './node-codecs.js';
import { readRowGroup } from './read-row-group.js';
import { rowGroupRecords, type RecordTarget } from './row-group-records.js';

export type RowGroupJob = {
  id: number;
  file: string;
  groupIndex: number;
  /** The group's first row within its file, and within the whole dataset. */
  rowStart: number;
  firstIndex: number;
  layout: ReadLayout;
  target: RecordTarget;
};

registerNodeCodecs();

const opened = new Map<string, Promise<{ access: RandomAccess; handle: FileHandle; footer: ParsedFooter }>>();

function openCached(file: string) {
  let entry = opened.get(file);
  if (entry === undefined) {
    entry = openFileAccess(file).then(async ({ access, handle }) => ({ access, handle, footer: await readParquetFooter(access) }));
    opened.set(file, entry);
  }
  return entry;
}

parentPort!.on('message', async (job: RowGroupJob) => {
  try {
    const { access, footer } = await openCached(job.file);
    const group = footer.rowGroups[job.groupIndex]!;
    const read = await readRowGroup(job.file, access, footer, group, job.rowStart, job.rowStart + group.numRows);
    const result = rowGroupRecords(read, group.numRows, footer, job.layout, job.target, job.firstIndex);
    parentPort!.postMessage({ id: job.id, result }, [result.bytes.buffer as ArrayBuffer, result.offsets.buffer as ArrayBuffer, result.flags.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: { name: (error as Error).name, message: (error as Error).message, fix: (error as { fix?: string }).fix } });
  }
});
