import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import {
  DatasetValidationError,
  IssueReport,
  createIssue,
  type IssueReportSummary,
  type ValidationIssue,
} from '@vift/schema';
import { datasetInfoEntry, mergeDatasetInfo, type DatasetInfoEntry } from '../dataset-info.js';
import type { Container, FormatAdapter, FormatId } from '../format-adapter.js';
import { NotRepresentableError } from '../record-fields.js';
import { createFormat } from '../registry.js';
import { AtomicFile } from './atomic-file.js';
import { DatasetFileError } from './dataset-file-error.js';
import { containerFromExtension } from './detect-file.js';
import { openDataset, type DatasetEntry, type OpenDatasetOptions } from './open-dataset.js';
import { RecordWriter } from './record-writer.js';
import { rejectLine } from './reject-line.js';

export type OnInvalid = 'error' | 'skip';

export type ConvertDatasetOptions = Omit<OpenDatasetOptions, 'format' | 'container'> & {
  input: string;
  output: string;
  /** Input format, detected when left out. */
  from?: FormatId | undefined;
  fromContainer?: Container | undefined;
  to: FormatId | FormatAdapter;
  /** Output container: from the output's extension, else the target format's usual one. */
  toContainer?: Container | undefined;
  /** "error" (default): stop at the first invalid record, writing nothing. "skip": write it to the rejects file. */
  onInvalid?: OnInvalid | undefined;
  /** Where skipped records go (default: `<output>.rejects.jsonl`). */
  rejectsPath?: string | undefined;
  /** For ShareGPT output: add the entry to `dataset_info.json` beside the output (default true). */
  datasetInfo?: boolean | undefined;
  /** Stops the conversion (nothing is written) when aborted, e.g. on Ctrl-C. */
  signal?: AbortSignal | undefined;
  /** How many example issues per code the summary keeps (default 5). */
  examplesPerCode?: number | undefined;
};

export type ConvertSummary = {
  input: string;
  output: string;
  from: FormatId;
  to: FormatId;
  fromContainer: Container;
  toContainer: Container;
  records: number;
  written: number;
  rejected: number;
  rejectsPath: string | undefined;
  datasetInfoPath: string | undefined;
  /** What the target format could not hold, with how often. */
  losses: Record<string, number>;
  issues: IssueReportSummary;
  bytesRead: number;
  seconds: number;
};

/**
 * Converts a dataset file from one format to another as a stream. Every record is checked; invalid ones
 * stop the run (nothing is written) or, with `onInvalid: "skip"`, go to a rejects file with their reasons.
 * Outputs appear only when complete.
 */
export async function convertDataset(options: ConvertDatasetOptions): Promise<ConvertSummary> {
  const started = performance.now();
  const target = typeof options.to === 'string' ? createFormat(options.to) : options.to;
  const onInvalid = options.onInvalid ?? 'error';
  const rejectsPath = onInvalid === 'skip' ? (options.rejectsPath ?? `${options.output}.rejects.jsonl`) : undefined;
  await assertWritable(options.output);
  if (rejectsPath !== undefined) await assertWritable(rejectsPath);
  const datasetInfoPath =
    options.datasetInfo !== false && (target.id === 'sharegpt' || target.id === 'sharegpt-messages') ? join(dirname(options.output), 'dataset_info.json') : undefined;
  // Read before converting: a broken dataset_info.json must stop the run before any output appears.
  const existingDatasetInfo = datasetInfoPath === undefined ? undefined : await readDatasetInfo(datasetInfoPath);
  const dataset = await openDataset(options.input, { ...options, format: options.from, container: options.fromContainer });
  const toContainer = options.toContainer ?? containerFromExtension(options.output) ?? outputContainerByName(options.output, target);
  const writer = new RecordWriter(options.output, toContainer);
  const rejects = rejectsPath === undefined ? undefined : new AtomicFile(rejectsPath);
  const report = new IssueReport(options.examplesPerCode ?? 5);
  const losses = new Map<string, number>();
  const tally = (field: string) => losses.set(field, (losses.get(field) ?? 0) + 1);
  // A format that writes back exactly what it read lets valid records be copied as bytes (same JSON value).
  const copiesBytes = target.writesBackExactly === true && target.id === dataset.format.id;
  let rejected = 0;
  let hasImages = false;
  let hasSystemColumn = false;
  try {
    for await (const entry of dataset.entries) {
      options.signal?.throwIfAborted();
      let issues = entry.issues;
      let record: unknown;
      if (entry.valid && entry.sample !== undefined) {
        if (copiesBytes && canCopy(entry, writer.container)) {
          await writer.writeBytes(entry.bytes!);
          record = entry.record;
        } else {
          try {
            record = target.toRecord(entry.sample, tally);
            const flushing = writer.write(record);
            if (flushing !== undefined) await flushing;
          } catch (error) {
            if (!NotRepresentableError.isInstance(error)) throw error;
            issues = [...issues, notRepresentableIssue(error, entry)];
          }
        }
      }
      report.add(issues);
      if (record !== undefined) {
        hasImages ||= entry.sample!.images.length > 0;
        hasSystemColumn ||= typeof (record as { system?: unknown }).system === 'string';
        continue;
      }
      if (rejects === undefined) {
        throw new DatasetValidationError({ issues: issues.filter((issue) => issue.severity === 'error'), file: options.input });
      }
      rejected++;
      await rejects.write(rejectLine(entry, issues));
    }
    // The rejects file first: when it cannot be written, the output must not appear either.
    await rejects?.commit();
    await writer.commit();
  } catch (error) {
    await writer.abort();
    await rejects?.abort();
    throw error;
  }
  if (datasetInfoPath !== undefined) {
    const entry = datasetInfoEntry({ fileName: basename(options.output), spelling: target.id === 'sharegpt' ? 'conversations' : 'messages', hasImages, hasSystemColumn });
    await writeDatasetInfo(datasetInfoPath, existingDatasetInfo, basename(options.output, extname(options.output)), entry);
  }
  const issues = report.summary();
  return {
    input: options.input,
    output: options.output,
    from: dataset.format.id,
    to: target.id,
    fromContainer: dataset.container,
    toContainer,
    records: issues.records,
    written: writer.written,
    rejected,
    rejectsPath,
    datasetInfoPath,
    losses: Object.fromEntries([...losses].sort((left, right) => right[1] - left[1])),
    issues,
    bytesRead: dataset.size,
    seconds: (performance.now() - started) / 1000,
  };
}

/** JSON Lines needs one line per record; a pretty-printed record's line breaks are whitespace to re-print. */
function canCopy(entry: DatasetEntry, container: Container): boolean {
  return entry.bytes !== undefined && (container === 'json' || !entry.bytes.includes(0x0a));
}

function outputContainerByName(output: string, target: FormatAdapter): Container {
  return extname(output).toLowerCase() === '.json' ? 'json' : target.defaultContainer;
}

function notRepresentableIssue(error: NotRepresentableError, entry: DatasetEntry): ValidationIssue {
  return createIssue('not-representable', error.message, {
    sampleId: entry.sample?.id ?? null,
    index: entry.index,
    byteOffset: entry.byteOffset,
    path: error.path,
  });
}

async function assertWritable(path: string): Promise<void> {
  const folder = dirname(path);
  const info = await stat(folder).catch(() => undefined);
  if (info?.isDirectory() !== true) {
    throw new DatasetFileError({ file: path, message: `the output folder ${folder} does not exist`, fix: 'create it first' });
  }
  if ((await stat(path).catch(() => undefined))?.isDirectory() === true) {
    throw new DatasetFileError({ file: path, message: 'is a directory', fix: 'give the path of the file to write' });
  }
}

async function readDatasetInfo(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new DatasetFileError({ file: path, message: `cannot read it (${(error as NodeJS.ErrnoException).code})`, fix: 'check its permissions, or pass --no-dataset-info', cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DatasetFileError({ file: path, message: 'is not valid JSON', fix: 'repair it (its other entries are kept), or pass --no-dataset-info', cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DatasetFileError({ file: path, message: 'is not a JSON object of dataset entries', fix: 'repair it, or pass --no-dataset-info' });
  }
  return value;
}

async function writeDatasetInfo(path: string, existing: unknown, name: string, entry: DatasetInfoEntry): Promise<void> {
  const file = new AtomicFile(path);
  try {
    await file.write(`${JSON.stringify(mergeDatasetInfo(existing, name, entry), null, 2)}\n`);
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}
