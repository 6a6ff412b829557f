import { hasErrors, type Sample, type ValidationIssue } from '@vift/schema';
import type { Container, FormatAdapter, FormatId } from '../format-adapter.js';
import { createFormat } from '../registry.js';
import { detectDatasetFile } from './detect-file.js';
import { readRecords } from './read-records.js';
import { allIssues, createSampleChecks } from './sample-checks.js';

/** One record of a dataset file with everything known about it. */
export type DatasetEntry = {
  index: number;
  /** Where the record is in its file; undefined for formats without byte positions (Parquet rows). */
  byteOffset?: number | undefined;
  byteLength?: number | undefined;
  /** The typed sample when the record mapped to one (it may still have dialog issues). */
  sample: Sample | undefined;
  issues: ValidationIssue[];
  /** No issue of severity "error". */
  valid: boolean;
  /** The parsed record, kept for a rejects file. */
  record?: unknown;
  /** The record's bytes as read (for a record that did not decode, what could be kept). */
  bytes?: Buffer;
  /** The record already written in a JSON format (by a reader working in parallel), for a sink of that format. */
  encoded?: EncodedRecord;
};

/** A record some reader has already turned into JSON of a target format, with what a sink needs to know of it. */
export type EncodedRecord = {
  format: FormatId;
  /** The record's JSON, UTF-8, on one line. */
  bytes: Uint8Array;
  hasImages: boolean;
  hasSystemColumn: boolean;
  /** Fields the format could not hold, counted over a batch (given with the batch's first record). */
  losses?: Record<string, number>;
};

export type OpenDatasetOptions = {
  /** The format, detected from the first records when left out. */
  format?: FormatId | FormatAdapter | undefined;
  /** JSON array or JSON Lines, detected from the extension or the first bytes when left out. */
  container?: Container | undefined;
  /** Records larger than this are reported instead of parsed (default 64 MiB). */
  maxRecordBytes?: number | undefined;
  /** Report ids seen before (default true). */
  checkDuplicateIds?: boolean | undefined;
  /** Check that every image path names a readable file under this folder. */
  imageRoot?: string | undefined;
  /** Called as the file is read, with bytes read and the file size. */
  onBytes?: ((bytesRead: number, totalBytes: number) => void) | undefined;
};

export type OpenedDataset = {
  file: string;
  format: FormatAdapter;
  container: Container;
  size: number;
  entries: AsyncGenerator<DatasetEntry>;
};

/**
 * Opens a dataset file for streaming: detects what it is, then yields each record mapped to a `Sample`
 * and checked (structure, dialog rules, duplicate ids, optionally image files), in bounded memory.
 */
export async function openDataset(file: string, options: OpenDatasetOptions = {}): Promise<OpenedDataset> {
  const givenFormat = typeof options.format === 'object' ? options.format : undefined;
  const detected = await detectDatasetFile(file, {
    format: givenFormat?.id ?? (options.format as FormatId | undefined),
    container: options.container,
    maxRecordBytes: options.maxRecordBytes,
  });
  const format = givenFormat ?? createFormat(detected.format);
  const onBytes = options.onBytes;
  const recordsOptions = {
    container: detected.container,
    ...(options.maxRecordBytes === undefined ? {} : { maxRecordBytes: options.maxRecordBytes }),
    ...(onBytes === undefined ? {} : { onBytes: (bytesRead: number) => onBytes(bytesRead, detected.size) }),
  };
  const checks = createSampleChecks(options);

  async function* entries(): AsyncGenerator<DatasetEntry> {
    for await (const decoded of readRecords(file, recordsOptions)) {
      const { index, byteOffset, byteLength } = decoded;
      const place = { index, byteOffset };
      if (decoded.issue !== undefined) {
        const entry: DatasetEntry = { index, byteOffset, byteLength, sample: undefined, issues: [decoded.issue], valid: false };
        if (decoded.bytes !== undefined) entry.bytes = decoded.bytes;
        yield entry;
        continue;
      }
      const mapped = format.fromRecord(decoded.value, place);
      const found = allIssues(mapped, checks, index, byteOffset);
      const issues = Array.isArray(found) ? found : await found;
      const entry: DatasetEntry = { index, byteOffset, byteLength, sample: mapped.sample, issues, valid: !hasErrors(issues), record: decoded.value };
      if (decoded.bytes !== undefined) entry.bytes = decoded.bytes;
      yield entry;
    }
  }

  return { file, format, container: detected.container, size: detected.size, entries: entries() };
}
