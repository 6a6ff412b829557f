import { DatasetFileError, readRecords, type DecodedRecord } from '@vift/formats/node';
import { SourceFileError } from '../source-error.js';
import { toSourceFileError } from './read-file-chunks.js';
import { DEFAULT_MAX_RECORD_BYTES } from './read-json-members.js';

/** One record of a JSON array or JSON Lines file. */
export type JsonRecordItem = {
  /** The record's index: its position in the array, or its line among the non-blank lines. */
  index: number;
  /** Where the record starts in the file. */
  byteOffset: number;
  /** The parsed value. */
  value: unknown;
};

export type ReadJsonRecordsOptions = {
  /** A record larger than this throws instead of being held in memory (default 64 MiB). */
  maxRecordBytes?: number;
  /** Called after each chunk with the bytes read so far. */
  onBytes?: (bytesRead: number) => void;
};

/**
 * Streams the elements of a file whose top level is a JSON array (Visual Genome's files), each parsed
 * alone, in bounded memory. Throws `SourceFileError` for a missing file, a top level that is not an
 * array, and the first record that is not valid UTF-8 JSON or that the file cuts short.
 */
export function readJsonArray(file: string, options: ReadJsonRecordsOptions = {}): AsyncGenerator<JsonRecordItem> {
  return readStrict(file, 'json', options);
}

/** Streams the records of a JSON Lines file (one JSON value a line, blank lines skipped), like `readJsonArray`. */
export function readJsonLines(file: string, options: ReadJsonRecordsOptions = {}): AsyncGenerator<JsonRecordItem> {
  return readStrict(file, 'jsonl', options);
}

async function* readStrict(file: string, container: 'json' | 'jsonl', options: ReadJsonRecordsOptions): AsyncGenerator<JsonRecordItem> {
  const records = readRecords(file, {
    container,
    maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    ...(options.onBytes === undefined ? {} : { onBytes: options.onBytes }),
  });
  for (;;) {
    let next: IteratorResult<DecodedRecord>;
    try {
      next = await records.next();
    } catch (error) {
      throw fromReadError(file, container, error);
    }
    if (next.done === true) return;
    const record = next.value;
    if (record.issue !== undefined) {
      throw new SourceFileError({
        file,
        message: record.issue.message,
        fix: record.issue.code === 'record-too-large' ? 'raise maxRecordBytes if the file is right' : 'repair the JSON of this record, or download the file again',
        index: record.index,
        byteOffset: record.byteOffset,
        ...(record.issue.sampleId === null ? {} : { id: record.issue.sampleId }),
      });
    }
    yield { index: record.index, byteOffset: record.byteOffset, value: record.value };
  }
}

function fromReadError(file: string, container: 'json' | 'jsonl', error: unknown): unknown {
  if (!DatasetFileError.isInstance(error)) return toSourceFileError(file, error);
  const message = error.message.startsWith(`${file}: `) ? error.message.slice(file.length + 2) : error.message;
  const topLevelObject = message.startsWith('the top level is a JSON object');
  return new SourceFileError({
    file,
    // The byte is set as a field below; the message would say it twice.
    message: message.replace(/ \(at byte \d+\)$/, ''),
    fix: topLevelObject
      ? 'read a top-level object with readJsonMembers, or check that this is the file you meant'
      : container === 'json'
        ? 'expected a JSON array of records: repair the file, or download it again'
        : 'expected one JSON value a line: repair the file, or download it again',
    ...(error.byteOffset === undefined ? {} : { byteOffset: error.byteOffset }),
    cause: error,
  });
}
