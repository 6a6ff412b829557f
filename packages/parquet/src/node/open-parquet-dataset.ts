import { readdir, stat, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { allIssues, createSampleChecks, type DatasetEntry, type EncodedRecord, type SampleChecks } from '@vift/formats/node';
import { IdTracker, duplicateIdIssue, hasErrors, type ValidationIssue } from '@vift/schema';
import { ByteBuffer } from '../byte-buffer.js';
import { ParquetFileError } from '../parquet-file-error.js';
import { detectLayout, type ReadLayout } from '../read/detect-layout.js';
import { pageDecompressor } from '../read/decompress.js';
import { assembledRows, readRowGroupBytes, type ParsedFooter, type RandomAccess } from '../read/fast-reader.js';
import { LlavaRecordEncoder } from '../read/llava-record-encoder.js';
import { openParquetFile } from './open-parquet-file.js';
import { RowsAsRead, readRowGroup } from './read-row-group.js';
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
   * Also write valid rows as JSON records of this format (such entries carry `encoded` instead of a
   * sample): row groups can then be converted by `workers` threads in parallel, and for LLaVA the rows
   * that need no more than id, image paths and turns are written straight from the column bytes.
   */
  encodeFor?: RecordTarget | undefined;
  /** Worker threads for `encodeFor` (default: none on fewer than 4 CPUs, else one less than the CPUs, at most 4). */
  workers?: number | undefined;
  /**
   * Decode each row group's pages as its rows are read rather than the whole group at once: the first rows
   * come after a page per column, and a server reading in the background can answer requests between
   * pages. Not with `encodeFor`.
   */
  decodeAsRead?: boolean | undefined;
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
  // The codecs (zstd is WebAssembly) load while the caller gets ready to read.
  pageDecompressor().catch(() => undefined);
  const rows = opened.reduce((sum, entry) => sum + entry.footer.numRows, 0);
  const size = opened.reduce((sum, entry) => sum + entry.access.size, 0);
  const progress = (bytesRead: number) => options.onBytes?.(bytesRead, size);
  const close = () => Promise.all(opened.map((entry) => entry.handle.close()));
  // Image files are checked on this thread, so a run that checks them reads row groups here too.
  const pool = options.encodeFor !== undefined && options.imageRoot === undefined ? RowGroupPool.create(options.workers ?? defaultWorkers()) : undefined;
  if (pool !== undefined) {
    const entries = parallelEntries(opened, pool, options.encodeFor!, options.checkDuplicateIds !== false, progress, close);
    return { file: path, files, layout: opened[0]!.layout, rows, size, entries };
  }
  // Rows written straight to LLaVA JSON skip the sample checks, which would otherwise track their ids:
  // ids are then tracked here, for those rows and the others alike.
  const direct = options.encodeFor?.format === 'llava' && options.imageRoot === undefined;
  const ids = direct && options.checkDuplicateIds !== false ? new IdTracker() : undefined;
  const checks = createSampleChecks(direct ? { checkDuplicateIds: false } : options);
  const entries = sequentialEntries(opened, { checks, direct, ids, decodeAsRead: options.decodeAsRead === true }, progress, close);
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

const RECORD_CHUNK_BYTES = 64 << 10;

/**
 * An array for the next records written from column bytes. Arrays are never reused, so records handed out
 * stay valid however long they are kept; arrays this small come from memory the allocator recycles (one
 * large array per group would be fresh memory: a page fault every 4 KiB), and need no zeroing.
 */
function recordChunk(): ByteBuffer {
  const memory = Buffer.allocUnsafe(RECORD_CHUNK_BYTES);
  return new ByteBuffer(new Uint8Array(memory.buffer, memory.byteOffset, memory.byteLength));
}

type RowChecks = {
  checks: SampleChecks;
  /** Write the rows that allow it straight to LLaVA JSON. */
  direct: boolean;
  /** Ids seen, when tracked here rather than by `checks`. */
  ids: IdTracker | undefined;
  /** Decode each group's pages as its rows are read. */
  decodeAsRead: boolean;
};

async function* sequentialEntries(
  opened: readonly OpenedFile[],
  rowChecks: RowChecks,
  progress: (bytesRead: number) => void,
  close: () => Promise<unknown>,
): AsyncGenerator<DatasetEntry> {
  const { checks, ids } = rowChecks;
  const rowEntry = (row: Record<string, unknown>, index: number, layout: ReadLayout): DatasetEntry | Promise<DatasetEntry> => {
    const mapped = rowToSample(layout, row, index);
    const found = allIssues(mapped, checks, index);
    const entry = (issues: ValidationIssue[]): DatasetEntry => {
      if (ids !== undefined && mapped.sample !== undefined) {
        const duplicate = duplicateIdIssue(ids, mapped.sample.id, index);
        if (duplicate !== undefined) issues.push(duplicate);
      }
      const valid = !hasErrors(issues);
      // The row is kept only for a rejects file.
      return { index, sample: mapped.sample, issues, valid, ...(valid ? {} : { record: describeRow(row) }) };
    };
    return Array.isArray(found) ? entry(found) : found.then(entry);
  };
  let index = 0;
  let bytesRead = 0;
  try {
    for (const { file, access, footer, layout } of opened) {
      const encoder = rowChecks.direct ? LlavaRecordEncoder.forFile(layout, footer.root) : undefined;
      let rowStart = 0;
      // The next group's bytes are read while this one is converted.
      let ahead = footer.rowGroups[0] === undefined ? undefined : readRowGroupBytes(access, footer.rowGroups[0]);
      for (const [groupIndex, group] of footer.rowGroups.entries()) {
        const rowEnd = rowStart + group.numRows;
        const prefetched = ahead;
        const following = footer.rowGroups[groupIndex + 1];
        ahead = following === undefined ? undefined : readRowGroupBytes(access, following);
        ahead?.catch(() => undefined); // a failed read surfaces when its group is reached
        const asRead = rowChecks.decodeAsRead && encoder === undefined;
        const read = await readRowGroup(file, access, footer, group, rowStart, rowEnd, prefetched, asRead);
        if (encoder === undefined || Array.isArray(read)) {
          // Rows decoded as read can fail part-way: the rest then come from `rest` (or it throws).
          const asReadRows = asRead && !Array.isArray(read) ? new RowsAsRead(read, file, rowStart, rowEnd) : undefined;
          let rows: Iterable<Record<string, unknown>> | undefined = Array.isArray(read) ? read : (asReadRows?.rows() ?? assembledRows(read, group.numRows));
          while (rows !== undefined) {
            for (const row of rows) {
              const entry = rowEntry(row, index, layout);
              yield entry instanceof Promise ? await entry : entry;
              index++;
            }
            const rest = (await asReadRows?.rest()) ?? [];
            rows = rest.length === 0 ? undefined : rest;
          }
        } else {
          let out = recordChunk();
          for (let row = 0; row < group.numRows; row++) {
            if (out.length > RECORD_CHUNK_BYTES / 2) out = recordChunk();
            const start = out.length;
            const id = encoder.encodeRow(read, out, index);
            // A repeated id goes the general way, which reports it.
            if (id !== undefined && (ids === undefined || ids.add(id, index) === undefined)) {
              encoder.skipRow(read);
              const encoded: EncodedRecord = { format: 'llava', bytes: out.bytes.subarray(start, out.length), hasImages: encoder.images > 0, hasSystemColumn: false };
              if (encoder.losses !== undefined) encoded.losses = encoder.losses;
              yield { index, sample: undefined, issues: [], valid: true, encoded };
            } else {
              out.length = start;
              const entry = rowEntry(read.next(), index, layout);
              yield entry instanceof Promise ? await entry : entry;
            }
            index++;
          }
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
