import type { Sample, ValidationIssue } from '@vift/schema';
import type { LossTally, RecordPlace } from './record-fields.js';

export type FormatId = 'llava' | 'sharegpt' | 'sharegpt-messages' | 'trl' | 'openai';

/** How records sit in a file: one JSON array, or one JSON value per line. */
export type Container = 'json' | 'jsonl';

export type FromRecordResult =
  | { sample: Sample; issues: readonly [] }
  | { sample: undefined; issues: ValidationIssue[] };

/**
 * A dataset format: maps one record to a `Sample` and back. Reading keeps everything (unknown keys go to
 * `meta`, spelling to a fidelity note) so that a record read and written by the same format is the same
 * JSON value; `toRecord` reports what the format cannot hold through `losses`.
 */
export type FormatAdapter<TRecord = unknown> = {
  readonly specificationVersion: 'v1';
  readonly id: FormatId;
  readonly label: string;
  /** The container files of this format usually use. */
  readonly defaultContainer: Container;
  /** Whether a parsed record looks like this format; used to detect a file's format. */
  detect(record: unknown): boolean;
  fromRecord(record: unknown, place: RecordPlace): FromRecordResult;
  /**
   * True when `toRecord(fromRecord(r))` is the same JSON value as `r` for every record this format reads
   * (no normalisation): a conversion to the same format may then copy valid records' bytes unchanged.
   */
  readonly writesBackExactly?: boolean;
  /** Throws `NotRepresentableError` when the sample cannot be written in this format at all. */
  toRecord(sample: Sample, losses?: LossTally): TRecord;
};

export function failed(issues: ValidationIssue[]): FromRecordResult {
  return { sample: undefined, issues };
}

export function succeeded(sample: Sample): FromRecordResult {
  return { sample, issues: [] };
}
