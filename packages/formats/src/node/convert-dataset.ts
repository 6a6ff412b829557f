import type { IssueReportSummary } from '@vift/schema';
import type { Container, FormatAdapter, FormatId } from '../format-adapter.js';
import { openDataset, type OpenDatasetOptions } from './open-dataset.js';
import { assertWritable, checkRecordFileSink, openRecordFileSink } from './record-file-sink.js';
import { pipeSamples, type OnInvalid } from './pipe-samples.js';

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
  const onInvalid = options.onInvalid ?? 'error';
  const rejectsPath = onInvalid === 'skip' ? (options.rejectsPath ?? `${options.output}.rejects.jsonl`) : undefined;
  const sinkOptions = { output: options.output, to: options.to, container: options.toContainer, datasetInfo: options.datasetInfo };
  await checkRecordFileSink(sinkOptions);
  if (rejectsPath !== undefined) await assertWritable(rejectsPath);
  const dataset = await openDataset(options.input, { ...options, format: options.from, container: options.fromContainer });
  const sink = await openRecordFileSink({ ...sinkOptions, sourceFormat: dataset.format.id });
  const piped = await pipeSamples({ ...options, entries: dataset.entries, sink, onInvalid, rejectsPath });
  return {
    input: options.input,
    output: options.output,
    from: dataset.format.id,
    to: sink.format.id,
    fromContainer: dataset.container,
    toContainer: sink.container,
    records: piped.records,
    written: piped.written,
    rejected: piped.rejected,
    rejectsPath,
    datasetInfoPath: sink.datasetInfoPath,
    losses: sink.losses(),
    issues: piped.issues,
    bytesRead: dataset.size,
    seconds: (performance.now() - started) / 1000,
  };
}
