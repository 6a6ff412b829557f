import { readdir, stat, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { allIssues, createSampleChecks, type DatasetEntry, type SampleChecks } from '@vift/formats/node';
import { IdTracker, duplicateIdIssue, hasErrors } from '@vift/schema';
import { ParquetFileError } from '../parquet-file-error.js';
import { detectLayout, type ReadLayout } from '../read/detect-layout.js';
import { readRowGroupBytes, type ParsedFooter, type RandomAccess } from '../read/fast-reader.js';
import { openParquetFile } from './open-parquet-file.js';
import { readRowGroup } from './read-row-group.js';
import { RowGroupPool } from './row-group-pool.js';
import type { RecordTarget, RowGroupRecords } from './row-group-records.js';
import type { RowGroupJob } from './row-group-worker.js';
import { rowToSample } from '../read/row-to-sample.js';

export type OpenParquetDatasetOptions = {
  /** Report ids seen before (default true). */
  checkDuplicateIds?: boolean | undefined;
  /** Check that every image path names a readable file under this folder. */
  imageRoot?: string | undefined;
  /** Called after each row group with the compressed bytes read so far and the total. */
  onBytes?: ((bytesRead: number, totalBytes: number) => void) | undefined;
  /**
   * Also write each valid row as a JSON record of this format (entries then carry `encoded` instead of a
   * sample), so that row groups can be converted by `workers` threads in parallel.
   */
  encodeFor?: RecordTarget | undefined;
  /** Worker threads for `encodeFor` (default: none on fewer than 4 CPUs, else one less than the CPUs, at most 4). */
  workers?: number | undefined;
};

export type OpenedParquetDataset = {
  /** The file or folder given. */
  file: string;
  /** The Parquet files read, in order (shards sorted by name). */
  files: string[];
  layout: ReadLayout;
  rows: number;
  size: number;
  entries: AsyncGenerator<DatasetEntry>;
};

type OpenedFile = { file: string; access: RandomAccess; handle: FileHandle; footer: ParsedFooter; layout: ReadLayout };

/**
 * Opens a Parquet file, or a folder of shards, for streaming one row group at a time: detects the layout
 * (vift, LLaVA or TRL), maps each row to a sample and checks it like any other dataset record. Row groups
 * are decoded by vift's own reader; one it cannot decode (an encoding it does not know) is read with
 * hyparquet instead.
 */
export async function openParquetDataset(path: string, options: OpenParquetDatasetOptions = {}): Promise<OpenedParquetDataset> {
  const files = await parquetFilesOf(path);
  const opened: OpenedFile[] = [];
  try {
    for (const file of files) opened.push(await openDatasetFile(file));
  } catch (error) {
    await Promise.all(opened.map((entry) => entry.handle.close()));
    throw error;
  }
  // A shard in another layout than the first is named, so that it can be found among many.
  const odd = opened.find((entry) => entry.layout !== opened[0]!.layout);
  if (odd !== undefined) {
    await Promise.all(opened.map((entry) => entry.handle.close()));
    throw new ParquetFileError({
      file: odd.file,
      message: `it is in the ${odd.layout} layout but ${basename(opened[0]!.file)} beside it in the ${opened[0]!.layout} layout: a folder's shards must share one layout`,
      fix: 'keep one layout per folder (move this file out, or convert it to the layout of the others)',
    });
  }
  const rows = opened.reduce((sum, entry) => sum + entry.footer.numRows, 0);
  const size = opened.reduce((sum, entry) => sum + entry.access.size, 0);
  const checks = createSampleChecks(options);
  const progress = (bytesRead: number) => options.onBytes?.(bytesRead, size);
  const close = () => Promise.all(opened.map((entry) => entry.handle.close()));
  // Image files are checked on this thread, so a run that checks them reads row groups here too.
  const pool = options.encodeFor !== undefined && options.imageRoot === undefined ? RowGroupPool.create(options.workers ?? defaultWorkers()) : undefined;
  const entries = pool === undefined ? sequentialEntries(opened, checks, progress, close) : parallelEntries(opened, pool, options.encodeFor!, options.checkDuplicateIds !== false, progress, close);
  return { file: path, files, layout: opened[0]!.layout, rows, size, entries };
}

/**
 * Worker threads pay off with cores to spare: on two cores they compete with V8's own garbage-collection
 * threads, and converting in one thread was measured faster (see docs/performance.md).
 */
function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores >= 4 ? Math.min(4, cores - 1) : 0;
}

async function* sequentialEntries(
  opened: readonly OpenedFile[],
  checks: SampleChecks,
  progress: (bytesRead: number) => void,
  close: () => Promise<unknown>,
): AsyncGenerator<DatasetEntry> {
  let index = 0;
  let bytesRead = 0;
  try {
    for (const { file, access, footer, layout } of opened) {
      let rowStart = 0;
      // The next group's bytes are read while this one is converted.
      let ahead = footer.rowGroups[0] === undefined ? undefined : readRowGroupBytes(access, footer.rowGroups[0]);
      for (const [groupIndex, group] of footer.rowGroups.entries()) {
        const rowEnd = rowStart + group.numRows;
        const prefetched = ahead;
        const following = footer.rowGroups[groupIndex + 1];
        ahead = following === undefined ? undefined : readRowGroupBytes(access, following);
        ahead?.catch(() => undefined); // a failed read surfaces when its group is reached
        for (const row of await readRowGroup(file, access, footer, group, rowStart, rowEnd, prefetched)) {
          const mapped = rowToSample(layout, row, index);
          const found = allIssues(mapped, checks, index);
          const issues = Array.isArray(found) ? found : await found;
          const valid = !hasErrors(issues);
          // The row is kept only for a rejects file.
          yield { index, sample: mapped.sample, issues, valid, ...(valid ? {} : { record: describeRow(row) }) };
          index++;
        }
        bytesRead += group.columns.reduce((sum, column) => sum + column.length, 0);
        progress(bytesRead);
        rowStart = rowEnd;
      }
    }
  } finally {
    await close();
  }
}

/**
 * Row groups converted to JSON records by worker threads, a few ahead of the one being yielded, in order.
 * Only duplicate ids are checked here, since they need every earlier row.
 */
async function* parallelEntries(
  opened: readonly OpenedFile[],
  pool: RowGroupPool,
  target: RecordTarget,
  checkDuplicateIds: boolean,
  progress: (bytesRead: number) => void,
  close: () => Promise<unknown>,
): AsyncGenerator<DatasetEntry> {
  const jobs: Array<{ job: Omit<RowGroupJob, 'id'>; bytes: number }> = [];
  let firstIndex = 0;
  for (const { file, footer, layout } of opened) {
    let rowStart = 0;
    footer.rowGroups.forEach((group, groupIndex) => {
      jobs.push({ job: { file, groupIndex, rowStart, firstIndex, layout, target }, bytes: group.columns.reduce((sum, column) => sum + column.length, 0) });
      rowStart += group.numRows;
      firstIndex += group.numRows;
    });
  }
  const ids = checkDuplicateIds ? new IdTracker() : undefined;
  // One group in each worker and one waiting: enough to keep them busy, little memory in flight.
  const ahead = pool.size + 1;
  const running: Array<Promise<RowGroupRecords>> = [];
  let next = 0;
  let bytesRead = 0;
  const fill = () => {
    while (running.length < ahead && next < jobs.length) running.push(pool.run(jobs[next++]!.job));
  };
  try {
    fill();
    for (let done = 0; done < jobs.length; done++) {
      const result = await running.shift()!;
      fill();
      yield* recordEntries(result, jobs[done]!.job, ids);
      bytesRead += jobs[done]!.bytes;
      progress(bytesRead);
    }
  } finally {
    // Results still running are dropped: their rejections must not go unhandled.
    for (const waiting of running) waiting.catch(() => undefined);
    await pool.close();
    await close();
  }
}

function* recordEntries(result: RowGroupRecords, job: Omit<RowGroupJob, 'id'>, ids: IdTracker | undefined): Generator<DatasetEntry> {
  const problems = new Map(result.invalid.map((entry) => [entry.row, entry]));
  for (let row = 0; row < result.ids.length; row++) {
    const index = job.firstIndex + row;
    const problem = problems.get(row);
    if (problem !== undefined && hasErrors(problem.issues)) {
      yield { index, sample: undefined, issues: problem.issues, valid: false, record: problem.record };
      continue;
    }
    const id = result.ids[row]!;
    const duplicate = ids === undefined ? undefined : duplicateIdIssue(ids, id, index);
    if (duplicate !== undefined) {
      yield { index, sample: undefined, issues: [duplicate], valid: false, record: { id } };
      continue;
    }
    const flags = result.flags[row]!;
    yield {
      index,
      sample: undefined,
      issues: problem?.issues ?? [],
      valid: true,
      encoded: {
        format: job.target.format,
        bytes: result.bytes.subarray(result.offsets[row], result.offsets[row + 1]),
        hasImages: (flags & 1) !== 0,
        hasSystemColumn: (flags & 2) !== 0,
        ...(row === 0 ? { losses: result.losses } : {}),
      },
    };
  }
}

/** The Parquet files of a path: the file itself, or a folder's *.parquet files sorted by name. */
export async function parquetFilesOf(path: string): Promise<string[]> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new ParquetFileError({ file: path, message: error.code === 'ENOENT' ? 'no such file or folder' : `cannot read it (${error.code})`, fix: 'check the path', cause: error });
  });
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) => name.endsWith('.parquet')).sort();
  if (names.length === 0) throw new ParquetFileError({ file: path, message: 'the folder holds no .parquet files', fix: 'give a Parquet file or a folder of shards' });
  return names.map((name) => join(path, name));
}

async function openDatasetFile(file: string): Promise<OpenedFile> {
  const opened = await openParquetFile(file);
  try {
    return { ...opened, layout: detectLayout(opened.footer.root, file) };
  } catch (error) {
    await opened.handle.close();
    throw error;
  }
}

/** A row for a rejects file: JSON-able, with bytes shown by their size. */
function describeRow(row: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(row, (_key, value: unknown) => (value instanceof Uint8Array ? `<${value.length} bytes>` : typeof value === 'bigint' ? value.toString() : value)));
}
