import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import {
  DatasetValidationError,
  IssueReport,
  createIssue,
  type IssueReportSummary,
  type ValidationIssue,
} from '@vift/schema';
import { datasetInfoEntry, mergeDatasetInfo } from '../dataset-info.js';
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
  await assertFolderExists(options.output);
  const dataset = await openDataset(options.input, { ...options, format: options.from, container: options.fromContainer });
  const toContainer = options.toContainer ?? containerFromExtension(options.output) ?? outputContainerByName(options.output, target);
  const writer = new RecordWriter(options.output, toContainer);
  const rejectsPath = onInvalid === 'skip' ? (options.rejectsPath ?? `${options.output}.rejects.jsonl`) : undefined;
  const rejects = rejectsPath === undefined ? undefined : new AtomicFile(rejectsPath);
  const report = new IssueReport(options.examplesPerCode ?? 5);
  const losses = new Map<string, number>();
  const tally = (field: string) => losses.set(field, (losses.get(field) ?? 0) + 1);
  let rejected = 0;
  let hasImages = false;
  let hasSystemColumn = false;
  try {
    for await (const entry of dataset.entries) {
      let issues = entry.issues;
      let record: unknown;
      if (entry.valid && entry.sample !== undefined) {
        try {
          record = target.toRecord(entry.sample, tally);
        } catch (error) {
          if (!NotRepresentableError.isInstance(error)) throw error;
          issues = [...issues, notRepresentableIssue(error, entry)];
        }
      }
      report.add(issues);
      if (record !== undefined) {
        await writer.write(record);
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
    await writer.commit();
    await rejects?.commit();
  } catch (error) {
    await writer.abort();
    await rejects?.abort();
    throw error;
  }
  const datasetInfoPath =
    options.datasetInfo !== false && (target.id === 'sharegpt' || target.id === 'sharegpt-messages')
      ? await writeDatasetInfo(options.output, target.id === 'sharegpt' ? 'conversations' : 'messages', hasImages, hasSystemColumn)
      : undefined;
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

async function assertFolderExists(output: string): Promise<void> {
  const folder = dirname(output);
  const info = await stat(folder).catch(() => undefined);
  if (info?.isDirectory() !== true) {
    throw new DatasetFileError({ file: output, message: `the output folder ${folder} does not exist`, fix: 'create it first' });
  }
}

async function writeDatasetInfo(
  output: string,
  spelling: 'conversations' | 'messages',
  hasImages: boolean,
  hasSystemColumn: boolean,
): Promise<string> {
  const path = join(dirname(output), 'dataset_info.json');
  const existing = await readFile(path, 'utf8').then(
    (text) => JSON.parse(text) as unknown,
    () => ({}),
  );
  const fileName = basename(output);
  const name = basename(output, extname(output));
  const merged = mergeDatasetInfo(existing, name, datasetInfoEntry({ fileName, spelling, hasImages, hasSystemColumn }));
  const file = new AtomicFile(path);
  await file.write(`${JSON.stringify(merged, null, 2)}\n`);
  await file.commit();
  return path;
}

