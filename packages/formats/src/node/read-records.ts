import { createReadStream } from 'node:fs';
import type { Container } from '../format-adapter.js';
import { decodeRecord, type DecodedRecord } from './decode-record.js';
import { JsonArraySplitter } from './json-array-splitter.js';
import { JsonLinesSplitter } from './json-lines-splitter.js';
import type { RawRecord, RecordSplitter } from './raw-record.js';

export const DEFAULT_MAX_RECORD_BYTES = 64 * 2 ** 20;
const CHUNK_BYTES = 1 << 20;

export type ReadRecordsOptions = {
  container: Container;
  /** Records larger than this are reported, not parsed (default 64 MiB). */
  maxRecordBytes?: number;
  /** Called after each chunk with the bytes read so far. */
  onBytes?: (bytesRead: number) => void;
};

/**
 * Streams the records of a JSON array or JSON Lines file, each decoded on its own (strict UTF-8, then
 * JSON) with its index and byte offset. Memory stays bounded by the chunk and record size, not the file.
 * Problems with one record come back as its `issue`; problems with the file as a whole throw.
 */
export async function* readRecords(file: string, options: ReadRecordsOptions): AsyncGenerator<DecodedRecord> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const splitter: RecordSplitter =
    options.container === 'json' ? new JsonArraySplitter(file, maxRecordBytes) : new JsonLinesSplitter(maxRecordBytes);
  const pending: RawRecord[] = [];
  let bytesRead = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    splitter.push(chunk as Buffer, pending);
    bytesRead += (chunk as Buffer).length;
    options.onBytes?.(bytesRead);
    for (const raw of pending) yield decodeRecord(raw, maxRecordBytes);
    pending.length = 0;
  }
  splitter.end(pending);
  for (const raw of pending) yield decodeRecord(raw, maxRecordBytes);
}
