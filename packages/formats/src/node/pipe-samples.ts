import { DatasetValidationError, IssueReport, createIssue, type IssueReportSummary, type Sample, type ValidationIssue } from '@vift/schema';
import { NotRepresentableError } from '../record-fields.js';
import { AtomicFile } from './atomic-file.js';
import type { DatasetEntry, EncodedRecord } from './open-dataset.js';
import { rejectLine } from './reject-line.js';

export type OnInvalid = 'error' | 'skip';

/** A valid entry: a sample, or a record already encoded for the sink's format. */
export type ValidEntry = DatasetEntry & ({ sample: Sample } | { encoded: EncodedRecord });

/** Where a conversion writes samples: a JSON records file, a Parquet dataset, an Arrow file. */
export type SampleSink = {
  /** Writes a valid entry; throws `NotRepresentableError` when the target cannot hold it. A promise only when it waits. */
  write(entry: ValidEntry): Promise<void> | undefined;
  /** Makes the output appear, complete. */
  commit(): Promise<void>;
  /** Removes everything written so far. */
  abort(): Promise<void>;
};

export type PipeSamplesOptions = {
  /** The input's name, for messages. */
  input: string;
  entries: AsyncIterable<DatasetEntry>;
  sink: SampleSink;
  /** "error" (default): the first invalid record stops the run and nothing is written. "skip": it goes to `rejectsPath`. */
  onInvalid?: OnInvalid | undefined;
  rejectsPath?: string | undefined;
  signal?: AbortSignal | undefined;
  examplesPerCode?: number | undefined;
};

export type PipeSummary = { records: number; written: number; rejected: number; issues: IssueReportSummary };

/**
 * The loop of every conversion: each checked entry goes to the sink, or — when invalid or not
 * representable in the target — stops the run or goes to the rejects file with its reasons. Outputs
 * appear only when all went well (the rejects file first, so a failure there leaves no output either).
 */
export async function pipeSamples(options: PipeSamplesOptions): Promise<PipeSummary> {
  const skip = (options.onInvalid ?? 'error') === 'skip';
  if (skip && options.rejectsPath === undefined) throw new TypeError('pipeSamples: onInvalid "skip" needs a rejectsPath');
  const rejects = skip ? new AtomicFile(options.rejectsPath!) : undefined;
  const report = new IssueReport(options.examplesPerCode ?? 5);
  let written = 0;
  let rejected = 0;
  try {
    for await (const entry of options.entries) {
      options.signal?.throwIfAborted();
      let issues = entry.issues;
      let accepted = false;
      if (entry.valid && (entry.sample !== undefined || entry.encoded !== undefined)) {
        try {
          const waiting = options.sink.write(entry as ValidEntry);
          if (waiting !== undefined) await waiting;
          accepted = true;
        } catch (error) {
          if (!NotRepresentableError.isInstance(error)) throw error;
          issues = [...issues, notRepresentableIssue(error, entry)];
        }
      }
      report.add(issues);
      if (accepted) {
        written++;
        continue;
      }
      if (rejects === undefined) {
        throw new DatasetValidationError({ issues: issues.filter((issue) => issue.severity === 'error'), file: options.input });
      }
      rejected++;
      await rejects.write(rejectLine(entry, issues));
    }
    await rejects?.commit();
    await options.sink.commit();
  } catch (error) {
    await options.sink.abort();
    await rejects?.abort();
    throw error;
  }
  const issues = report.summary();
  return { records: issues.records, written, rejected, issues };
}

function notRepresentableIssue(error: NotRepresentableError, entry: DatasetEntry): ValidationIssue {
  return createIssue('not-representable', error.message, {
    sampleId: entry.sample?.id ?? null,
    index: entry.index,
    ...(entry.byteOffset === undefined ? {} : { byteOffset: entry.byteOffset }),
    path: error.path,
  });
}
