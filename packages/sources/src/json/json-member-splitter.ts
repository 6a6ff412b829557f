import { jsonStringEnd, type JsonStringScan } from '@vift/formats/node';
import { isUtf8 } from 'node:buffer';
import { SourceFileError } from '../source-error.js';

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;

/** The UTF-8 byte order mark some editors put at the start of a file; it may arrive split across chunks. */
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf] as const;

/** What the splitter hands on: a member starting, or the bytes of one value to decode. */
export type JsonPiece =
  | { kind: 'member'; path: readonly string[]; key: string; type: JsonMemberType; byteOffset: number }
  | { kind: 'value'; path: readonly string[]; key: string; index: number; byteOffset: number; bytes: Buffer };

/** How a member's value is streamed: an array element by element, a nested object member by member, or whole. */
export type JsonMemberType = 'array' | 'object' | 'value';

export type JsonMemberSplitterOptions = {
  file: string;
  /** Values larger than this throw instead of growing without bound. */
  maxRecordBytes: number;
  /** Only members with these names are kept; the bytes of the others are scanned and dropped. */
  keys?: ReadonlySet<string>;
  /** Members with these names whose value is an object are streamed member by member too. */
  nested?: ReadonlySet<string>;
};

const enum Phase {
  BeforeTop,
  KeyOrEnd,
  KeyAfterComma,
  InKey,
  Colon,
  MemberValue,
  ElementOrEnd,
  ElementAfterComma,
  AfterElement,
  InValue,
  AfterMember,
  Done,
}

const enum ValueKind {
  Container,
  String,
  Scalar,
}

type Frame =
  /** `path` is where the object sits: the names of the members that lead to it. */
  | { kind: 'object'; path: readonly string[] }
  | { kind: 'array'; path: readonly string[]; key: string; index: number; keep: boolean };

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Splits a JSON document whose top level is an object into the bytes of each element of its array
 * members (and of each other member's whole value), without parsing, so a file of any size streams in
 * bounded memory. Tracks only brackets, strings and escapes; each value is parsed on its own afterwards,
 * which catches whatever else is wrong inside it.
 */
export class JsonMemberSplitter {
  private phase = Phase.BeforeTop;
  /** Bytes of the file before the current chunk. */
  private consumed = 0;
  private readonly stack: Frame[] = [];
  private byteOrderMarkSeen = 0;

  /** The member whose value comes next (or is being scanned). */
  private key = '';
  private keyStart = 0;

  private kind = ValueKind.Container;
  private depth = 0;
  private inString = false;
  /** Whether the backslashes just before the current chunk's start leave the next byte escaped. */
  private readonly stringScan: JsonStringScan = { escapePending: false };
  private valueStart = 0;
  /** The element index of the value being scanned, -1 for a member's value. */
  private valueIndex = -1;
  private keepValue = false;

  private parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly options: JsonMemberSplitterOptions) {}

  push(chunk: Buffer, out: JsonPiece[]): void {
    const length = chunk.length;
    let i = 0;
    if (this.phase === Phase.InValue) i = this.scanValue(chunk, 0, 0, out);
    else if (this.phase === Phase.InKey) i = this.scanKey(chunk, 0, 0);
    while (i < length) {
      const byte = chunk[i]!;
      if (this.phase === Phase.BeforeTop && this.consumed + i === this.byteOrderMarkSeen && byte === BYTE_ORDER_MARK[this.byteOrderMarkSeen]) {
        this.byteOrderMarkSeen++;
        i++;
        continue;
      }
      if (isWhitespace(byte)) {
        i++;
        continue;
      }
      const at = this.consumed + i;
      switch (this.phase) {
        case Phase.BeforeTop:
          if (this.byteOrderMarkSeen > 0 && this.byteOrderMarkSeen < BYTE_ORDER_MARK.length) throw this.notAnObject(BYTE_ORDER_MARK[0], 0);
          if (byte !== OPEN_BRACE) throw this.notAnObject(byte, at);
          this.stack.push({ kind: 'object', path: [] });
          this.phase = Phase.KeyOrEnd;
          i++;
          continue;
        case Phase.KeyOrEnd:
          if (byte === CLOSE_BRACE) {
            this.closeObject();
            i++;
            continue;
          }
          if (byte !== QUOTE) throw this.structureError(`expected a member name or "}", found ${show(byte)}`, at);
          i = this.startKey(chunk, i);
          continue;
        case Phase.KeyAfterComma:
          if (byte !== QUOTE) throw this.structureError(`expected a member name after ",", found ${show(byte)}`, at);
          i = this.startKey(chunk, i);
          continue;
        case Phase.Colon:
          if (byte !== COLON) throw this.structureError(`expected ":" after the member name "${this.key}", found ${show(byte)}`, at);
          this.phase = Phase.MemberValue;
          i++;
          continue;
        case Phase.MemberValue:
          i = this.startMember(chunk, i, out);
          continue;
        case Phase.ElementOrEnd:
          if (byte === CLOSE_BRACKET) {
            this.closeArray();
            i++;
            continue;
          }
          i = this.startValue(chunk, i, out, this.topArray().index);
          continue;
        case Phase.ElementAfterComma:
          if (byte === CLOSE_BRACKET) throw this.structureError(`a "," after "${this.key}"[${this.topArray().index - 1}] is followed by "]"`, at);
          i = this.startValue(chunk, i, out, this.topArray().index);
          continue;
        case Phase.AfterElement:
          if (byte === COMMA) this.phase = Phase.ElementAfterComma;
          else if (byte === CLOSE_BRACKET) this.closeArray();
          else throw this.structureError(`expected "," or "]" after "${this.key}"[${this.topArray().index - 1}], found ${show(byte)}`, at);
          i++;
          continue;
        case Phase.AfterMember:
          if (byte === COMMA) this.phase = Phase.KeyAfterComma;
          else if (byte === CLOSE_BRACE) this.closeObject();
          else throw this.structureError(`expected "," or "}" after the member "${this.key}", found ${show(byte)}`, at);
          i++;
          continue;
        case Phase.Done:
          throw this.structureError(`unexpected ${show(byte)} after the closing "}"`, at);
        case Phase.InValue:
          i = this.scanValue(chunk, i, i, out);
          continue;
        case Phase.InKey:
          i = this.scanKey(chunk, i, i);
          continue;
      }
    }
    this.consumed += length;
  }

  /** Called at the end of the file: anything but a closed top-level object is an error. */
  end(): void {
    if (this.phase === Phase.Done) return;
    const fix = 'the file is cut short: download or extract it again';
    const { file } = this.options;
    if (this.phase === Phase.BeforeTop) {
      throw new SourceFileError({
        file,
        message: this.consumed === 0 ? 'the file is empty' : 'the file holds no JSON value',
        fix: 'expected a JSON object such as {"images": [...], "annotations": [...]}',
      });
    }
    if (this.phase === Phase.InValue) {
      const top = this.stack.at(-1);
      const key = top?.kind === 'array' ? top.key : this.key;
      throw new SourceFileError({
        file,
        message: 'the file ends inside this value',
        fix,
        key,
        ...(this.valueIndex >= 0 ? { index: this.valueIndex } : {}),
        byteOffset: this.valueStart,
      });
    }
    const inside = this.stack.at(-1);
    const where = inside === undefined ? '' : inside.kind === 'array' ? ` inside the "${inside.key}" array` : inside.path.length > 0 ? ` inside "${inside.path.join('.')}"` : '';
    throw new SourceFileError({ file, message: `the file ends${where} before the closing bracket`, fix, byteOffset: this.consumed });
  }

  private topArray(): Extract<Frame, { kind: 'array' }> {
    return this.stack.at(-1) as Extract<Frame, { kind: 'array' }>;
  }

  private closeObject(): void {
    const frame = this.stack.pop()!;
    this.phase = this.stack.length === 0 ? Phase.Done : Phase.AfterMember;
    // Back in the parent object, the member just closed is the last name of the nested object's path.
    if (this.stack.length > 0) this.key = frame.path.at(-1)!;
  }

  private closeArray(): void {
    const frame = this.stack.pop() as Extract<Frame, { kind: 'array' }>;
    this.key = frame.key;
    this.phase = Phase.AfterMember;
  }

  private startKey(chunk: Buffer, i: number): number {
    this.phase = Phase.InKey;
    this.keyStart = this.consumed + i;
    this.resetBuffer();
    this.inString = true;
    this.stringScan.escapePending = false;
    return this.scanKey(chunk, i + 1, i);
  }

  private scanKey(chunk: Buffer, from: number, startInChunk: number): number {
    const i = this.skipString(chunk, from);
    if (this.inString) {
      this.add(chunk.subarray(startInChunk), this.keyStart, undefined);
      return chunk.length;
    }
    this.add(chunk.subarray(startInChunk, i), this.keyStart, undefined);
    const bytes = this.takeBuffer();
    this.key = this.decodeKey(bytes);
    this.phase = Phase.Colon;
    return i;
  }

  private decodeKey(bytes: Buffer): string {
    try {
      if (!isUtf8(bytes)) throw new Error('invalid UTF-8');
      return JSON.parse(bytes.toString('utf8')) as string;
    } catch (error) {
      throw new SourceFileError({
        file: this.options.file,
        message: `a member name is not a valid JSON string (${error instanceof Error ? error.message : String(error)})`,
        fix: 'repair the JSON of the file',
        byteOffset: this.keyStart,
      });
    }
  }

  private startMember(chunk: Buffer, i: number, out: JsonPiece[]): number {
    const byte = chunk[i]!;
    const parent = this.stack.at(-1) as Extract<Frame, { kind: 'object' }>;
    const byteOffset = this.consumed + i;
    const key = this.key;
    if (byte === OPEN_BRACKET) {
      out.push({ kind: 'member', path: parent.path, key, type: 'array', byteOffset });
      this.stack.push({ kind: 'array', path: parent.path, key, index: 0, keep: this.wants(key) });
      this.phase = Phase.ElementOrEnd;
      return i + 1;
    }
    if (byte === OPEN_BRACE && this.options.nested?.has(key) === true) {
      out.push({ kind: 'member', path: parent.path, key, type: 'object', byteOffset });
      this.stack.push({ kind: 'object', path: [...parent.path, key] });
      this.phase = Phase.KeyOrEnd;
      return i + 1;
    }
    out.push({ kind: 'member', path: parent.path, key, type: 'value', byteOffset });
    return this.startValue(chunk, i, out, -1);
  }

  private wants(key: string): boolean {
    return this.options.keys === undefined || this.options.keys.has(key);
  }

  private startValue(chunk: Buffer, i: number, out: JsonPiece[], index: number): number {
    const byte = chunk[i]!;
    this.phase = Phase.InValue;
    this.valueStart = this.consumed + i;
    this.valueIndex = index;
    const top = this.stack.at(-1)!;
    this.keepValue = top.kind === 'array' ? top.keep : this.wants(this.key);
    this.resetBuffer();
    this.depth = 0;
    this.stringScan.escapePending = false;
    this.inString = false;
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      this.kind = ValueKind.Container;
      return this.scanValue(chunk, i, i, out);
    }
    if (byte === QUOTE) {
      this.kind = ValueKind.String;
      this.inString = true;
      return this.scanValue(chunk, i + 1, i, out);
    }
    if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET || byte === COMMA || byte === COLON) {
      throw this.structureError(`expected a value, found ${show(byte)}`, this.valueStart);
    }
    this.kind = ValueKind.Scalar;
    return this.scanValue(chunk, i, i, out);
  }

  /** Scans the current value from `from`; returns where scanning stopped (the chunk length if it goes on). */
  private scanValue(chunk: Buffer, from: number, startInChunk: number, out: JsonPiece[]): number {
    const length = chunk.length;
    let i = from;
    if (this.kind === ValueKind.Scalar) {
      while (i < length) {
        const byte = chunk[i]!;
        if (byte === COMMA || byte === CLOSE_BRACKET || byte === CLOSE_BRACE || isWhitespace(byte)) return this.complete(chunk, startInChunk, i, out);
        i++;
      }
    } else {
      while (i < length) {
        if (this.inString) {
          i = this.skipString(chunk, i);
          if (this.inString) break;
          if (this.kind === ValueKind.String) return this.complete(chunk, startInChunk, i, out);
          continue;
        }
        const byte = chunk[i]!;
        i++;
        if (byte === QUOTE) this.inString = true;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) this.depth++;
        else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --this.depth === 0) return this.complete(chunk, startInChunk, i, out);
      }
    }
    if (this.keepValue) this.add(chunk.subarray(startInChunk), this.valueStart, this.valueIndex);
    return length;
  }

  /** Moves past the end of the current string, or to the chunk's end (remembering a pending escape). */
  private skipString(chunk: Buffer, from: number): number {
    const end = jsonStringEnd(chunk, from, this.stringScan);
    if (end < 0) return chunk.length;
    this.inString = false;
    return end;
  }


  private complete(chunk: Buffer, start: number, end: number, out: JsonPiece[]): number {
    const top = this.stack.at(-1)!;
    if (this.keepValue) {
      this.add(chunk.subarray(start, end), this.valueStart, this.valueIndex);
      const bytes = this.takeBuffer();
      const path = top.path;
      const key = top.kind === 'array' ? top.key : this.key;
      out.push({ kind: 'value', path, key, index: this.valueIndex, byteOffset: this.valueStart, bytes });
    }
    if (top.kind === 'array') {
      top.index++;
      this.phase = Phase.AfterElement;
    } else {
      this.phase = Phase.AfterMember;
    }
    return end;
  }

  private add(part: Buffer, startOffset: number, index: number | undefined): void {
    this.size += part.length;
    if (this.size > this.options.maxRecordBytes) {
      const top = this.stack.at(-1);
      throw new SourceFileError({
        file: this.options.file,
        message: `a value is over ${megabytes(this.options.maxRecordBytes)} MB, the limit for one record`,
        fix: 'raise maxRecordBytes if the file is right, or check that it is the file you meant',
        key: top?.kind === 'array' ? top.key : this.key,
        ...(index !== undefined && index >= 0 ? { index } : {}),
        byteOffset: startOffset,
      });
    }
    if (part.length > 0) this.parts.push(part);
  }

  private takeBuffer(): Buffer {
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.resetBuffer();
    return bytes;
  }

  private resetBuffer(): void {
    this.parts = [];
    this.size = 0;
  }

  private notAnObject(byte: number, at: number): SourceFileError {
    return new SourceFileError({
      file: this.options.file,
      message: byte === OPEN_BRACKET ? 'the top level is a JSON array, not an object' : `the top level starts with ${show(byte)}, not a JSON object`,
      fix:
        byte === OPEN_BRACKET
          ? 'read a top-level array with readJsonArray, or check that this is the file you meant'
          : 'expected a JSON object such as {"images": [...], "annotations": [...]}',
      byteOffset: at,
    });
  }

  private structureError(message: string, at: number): SourceFileError {
    return new SourceFileError({ file: this.options.file, message, fix: 'repair the JSON of the file, or download it again', byteOffset: at });
  }
}

function megabytes(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

function show(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? JSON.stringify(String.fromCharCode(byte)) : `byte 0x${byte.toString(16).padStart(2, '0')}`;
}
