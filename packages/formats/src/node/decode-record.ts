import { isUtf8 } from 'node:buffer';
import { createIssue, type ValidationIssue } from '@vift/schema';
import type { RawRecord } from './raw-record.js';

export type DecodedRecord = {
  index: number;
  byteOffset: number;
  byteLength: number;
  /** The parsed JSON value, when the bytes were valid UTF-8 JSON. */
  value?: unknown;
  /** Why the record could not be decoded. */
  issue?: ValidationIssue;
  /** The record's bytes (of a record over the size limit, only the first ones). */
  bytes?: Buffer;
};

/** Decodes one record's bytes: strict UTF-8, then JSON. Problems become issues naming the byte. */
export function decodeRecord(raw: RawRecord, maxRecordBytes: number): DecodedRecord {
  const { index, byteOffset } = raw;
  if (raw.kind === 'too-large') {
    const issue = createIssue(
      'record-too-large',
      `the record is ${megabytes(raw.byteLength)} MB, over the ${megabytes(maxRecordBytes)} MB limit`,
      { sampleId: sniffId(raw.head), index, byteOffset },
    );
    return { index, byteOffset, byteLength: raw.byteLength, issue };
  }
  if (raw.kind === 'truncated') {
    const message = raw.byteLength === 0 ? 'the file ends without the closing "]"' : 'the file ends inside this record';
    const issue = createIssue('truncated-record', message, { sampleId: sniffId(raw.head), index, byteOffset });
    return { index, byteOffset, byteLength: raw.byteLength, issue, bytes: raw.head };
  }
  const { bytes } = raw;
  const byteLength = bytes.length;
  if (!isUtf8(bytes)) {
    const bad = firstInvalidUtf8(bytes);
    const issue = createIssue('invalid-utf8', `invalid UTF-8 at byte ${byteOffset + bad}`, {
      sampleId: sniffId(bytes),
      index,
      byteOffset,
    });
    return { index, byteOffset, byteLength, issue, bytes };
  }
  const text = bytes.toString('utf8');
  try {
    return { index, byteOffset, byteLength, value: JSON.parse(text), bytes };
  } catch (error) {
    const issue = createIssue('invalid-json', describeSyntaxError(error, text, byteOffset), {
      sampleId: sniffId(bytes),
      index,
      byteOffset,
    });
    return { index, byteOffset, byteLength, issue, bytes };
  }
}

function megabytes(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

/** V8 says "... at position N" (in UTF-16 units); turn that into a byte offset of the file. */
function describeSyntaxError(error: unknown, text: string, byteOffset: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  // V8 quotes the text around the error, with "..." where it cut it: no use in a one-line message.
  const reason = message.replace(/,? ?(?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '').trim();
  if (position === null) return `invalid JSON: ${reason}`;
  const at = byteOffset + Buffer.byteLength(text.slice(0, Number(position[1])));
  return `invalid JSON at byte ${at}: ${reason}`;
}

const idPattern = /"id"\s*:\s*("(?:[^"\\\n]|\\.){0,200}"|-?\d{1,30})/;

/** The record's id read from its first bytes, for messages about records that did not parse. */
export function sniffId(bytes: Buffer): string | null {
  const match = idPattern.exec(bytes.subarray(0, 4096).toString('utf8'));
  if (match === null) return null;
  try {
    return String(JSON.parse(match[1]!));
  } catch {
    return null;
  }
}

/** Offset of the first byte that breaks UTF-8 (only called once a record is known to be invalid). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (length > 1 && !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}
