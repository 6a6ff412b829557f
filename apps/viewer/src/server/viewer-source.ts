import type { Sample, ValidationIssue } from '@vift/schema';

/** One record of the dataset as the background pass reads it: mapped and checked. */
export type SourceEntry = { index: number; sample: Sample | undefined; issues: ValidationIssue[] };

/** A record read again at random: its sample and the checks that need nothing but the record. */
export type SourceRecord = { sample: Sample | undefined; issues: ValidationIssue[] };

/**
 * A dataset as the viewer reads it: once in order with every check (the background pass), again in order
 * for a text search, and one record at a time at random (a sample page, an image).
 */
export type ViewerSource = {
  /** "parquet (vift layout)", "llava (JSON array)", ... */
  format: string;
  /** Bytes of the file(s). */
  size: number;
  /** The record count when known before reading (Parquet). */
  expected: number | undefined;
  /** Every record in order, checked (dialog rules, duplicate ids; image files are the pass's part); iterate once. */
  entries: AsyncIterable<SourceEntry>;
  /** Every record in order again, without checks, for a text search. */
  scan(): AsyncGenerator<SourceEntry>;
  /**
   * One record by index, with the checks that need only the record and its image files (no duplicate ids). A JSON record can
   * be read once `entries` has passed it (its byte offset is known then).
   */
  read(index: number): Promise<SourceRecord>;
  close(): Promise<void>;
};
