import { jsonStringEnd, type JsonStringScan } from './json-string-end.js';
import { DatasetFileError } from './dataset-file-error.js';
import { BYTE_ORDER_MARK, RecordBuffer, type RawRecord, type RecordSplitter } from './raw-record.js';

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const COMMA = 0x2c;

const enum Phase {
  BeforeArray,
  FirstValueOrEnd,
  InValue,
  AfterValue,
  ValueAfterComma,
  Done,
}

const enum ValueKind {
  Container,
  String,
  Scalar,
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Splits a JSON array of records into the bytes of each element without parsing them, so a file of any
 * size (beyond V8's string limit) streams in bounded memory. Tracks only brackets, strings and escapes;
 * each element is then parsed on its own, which catches whatever else is wrong inside it.
 */
export class JsonArraySplitter implements RecordSplitter {
  private phase = Phase.BeforeArray;
  private consumed = 0;
  private index = 0;
  private kind = ValueKind.Container;
  private depth = 0;
  private inString = false;
  /** Whether the backslashes just before the current chunk's start leave the next byte escaped. */
  private readonly stringScan: JsonStringScan = { escapePending: false };
  private valueStart = 0;
  /** How many bytes of a leading byte order mark have been seen (it may straddle chunks). */
  private byteOrderMarkSeen = 0;
  private readonly buffer: RecordBuffer;

  constructor(
    private readonly file: string,
    maxRecordBytes: number,
  ) {
    this.buffer = new RecordBuffer(maxRecordBytes);
  }

  push(chunk: Buffer, out: RawRecord[]): void {
    const length = chunk.length;
    let i = 0;
    if (this.phase === Phase.InValue) i = this.scanValue(chunk, 0, out);
    while (i < length) {
      const byte = chunk[i]!;
      if (isWhitespace(byte)) {
        i++;
        continue;
      }
      switch (this.phase) {
        case Phase.BeforeArray:
          if (this.consumed + i === this.byteOrderMarkSeen && byte === BYTE_ORDER_MARK[this.byteOrderMarkSeen]) {
            this.byteOrderMarkSeen++;
            i++;
            continue;
          }
          if (this.byteOrderMarkSeen > 0 && this.byteOrderMarkSeen < BYTE_ORDER_MARK.length) throw this.notAnArray(BYTE_ORDER_MARK[0]!, 0);
          if (byte !== OPEN_BRACKET) throw this.notAnArray(byte, this.consumed + i);
          this.phase = Phase.FirstValueOrEnd;
          i++;
          continue;
        case Phase.FirstValueOrEnd:
          if (byte === CLOSE_BRACKET) {
            this.phase = Phase.Done;
            i++;
            continue;
          }
          i = this.startValue(chunk, i, out);
          continue;
        case Phase.AfterValue:
          if (byte === COMMA) this.phase = Phase.ValueAfterComma;
          else if (byte === CLOSE_BRACKET) this.phase = Phase.Done;
          else throw this.structureError(`expected "," or "]" after record ${this.index - 1}, found ${show(byte)}`, this.consumed + i);
          i++;
          continue;
        case Phase.ValueAfterComma:
          if (byte === CLOSE_BRACKET) throw this.structureError(`a "," after record ${this.index - 1} is followed by "]"`, this.consumed + i);
          i = this.startValue(chunk, i, out);
          continue;
        case Phase.Done:
          throw this.structureError(`unexpected ${show(byte)} after the closing "]"`, this.consumed + i);
        case Phase.InValue:
          i = this.scanValue(chunk, i, out);
          continue;
      }
    }
    this.consumed += length;
  }

  end(out: RawRecord[]): void {
    switch (this.phase) {
      case Phase.Done:
        return;
      case Phase.BeforeArray:
        throw new DatasetFileError({
          file: this.file,
          message: this.consumed === 0 ? 'the file is empty' : 'the file holds only whitespace',
          fix: 'expected a JSON array of records, e.g. [{"id": ..., "conversations": [...]}]',
        });
      case Phase.InValue: {
        const head = this.buffer.headBytes();
        out.push({ kind: 'truncated', index: this.index, byteOffset: this.valueStart, byteLength: this.buffer.size, head: Buffer.from(head) });
        return;
      }
      default:
        out.push({ kind: 'truncated', index: this.index, byteOffset: this.consumed, byteLength: 0, head: Buffer.alloc(0) });
    }
  }

  private startValue(chunk: Buffer, i: number, out: RawRecord[]): number {
    const byte = chunk[i]!;
    this.phase = Phase.InValue;
    this.valueStart = this.consumed + i;
    this.buffer.reset();
    this.depth = 0;
    this.stringScan.escapePending = false;
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      this.kind = ValueKind.Container;
      this.inString = false;
      return this.scanValue(chunk, i, out);
    }
    if (byte === QUOTE) {
      this.kind = ValueKind.String;
      this.inString = true;
      return this.scanValue(chunk, i + 1, out, i);
    }
    this.kind = ValueKind.Scalar;
    return this.scanValue(chunk, i, out);
  }

  /** Scans the current value from `from`; returns where scanning stopped (the chunk length if it goes on). */
  private scanValue(chunk: Buffer, from: number, out: RawRecord[], valueStartInChunk = Math.max(0, this.valueStart - this.consumed)): number {
    const length = chunk.length;
    let i = from;
    if (this.kind === ValueKind.Scalar) {
      while (i < length) {
        const byte = chunk[i]!;
        if (byte === COMMA || byte === CLOSE_BRACKET || isWhitespace(byte)) return this.complete(chunk, valueStartInChunk, i, out);
        i++;
      }
    } else {
      while (i < length) {
        if (this.inString) {
          i = this.skipString(chunk, i);
          if (this.inString) break;
          if (this.kind === ValueKind.String) return this.complete(chunk, valueStartInChunk, i, out);
          continue;
        }
        const byte = chunk[i]!;
        i++;
        if (byte === QUOTE) this.inString = true;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) this.depth++;
        else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --this.depth === 0) {
          return this.complete(chunk, valueStartInChunk, i, out);
        }
      }
    }
    this.buffer.add(chunk.subarray(valueStartInChunk));
    return length;
  }

  /** Moves past the end of the current string, or to the chunk's end (remembering a pending escape). */
  private skipString(chunk: Buffer, from: number): number {
    const end = jsonStringEnd(chunk, from, this.stringScan);
    if (end < 0) return chunk.length;
    this.inString = false;
    return end;
  }


  private complete(chunk: Buffer, start: number, end: number, out: RawRecord[]): number {
    const bytes = this.buffer.finish(chunk.subarray(start, end));
    const index = this.index++;
    if (bytes === undefined) {
      out.push({ kind: 'too-large', index, byteOffset: this.valueStart, byteLength: this.buffer.size, head: this.buffer.headBytes() });
    } else {
      out.push({ kind: 'record', index, byteOffset: this.valueStart, bytes });
    }
    this.buffer.reset();
    this.phase = Phase.AfterValue;
    return end;
  }

  private notAnArray(byte: number, at: number): DatasetFileError {
    const top = byte === OPEN_BRACE ? 'a JSON object' : `${show(byte)}`;
    return new DatasetFileError({
      file: this.file,
      message: `the top level is ${top}, not a JSON array of records`,
      fix: byte === OPEN_BRACE
        ? 'if the file has one JSON record per line, read it as JSON Lines (--from-container jsonl); otherwise wrap the records in [ ]'
        : 'expected a JSON array of records, e.g. [{"id": ..., "conversations": [...]}]',
      byteOffset: at,
    });
  }

  private structureError(message: string, at: number): DatasetFileError {
    return new DatasetFileError({ file: this.file, message, fix: 'repair the JSON array between records', byteOffset: at });
  }
}

function show(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? JSON.stringify(String.fromCharCode(byte)) : `byte 0x${byte.toString(16).padStart(2, '0')}`;
}
