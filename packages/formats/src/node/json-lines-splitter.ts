import { BYTE_ORDER_MARK, RecordBuffer, type RawRecord, type RecordSplitter } from './raw-record.js';

const NEWLINE = 0x0a;

/** Splits JSON Lines into one record per non-blank line, in bounded memory. */
export class JsonLinesSplitter implements RecordSplitter {
  private consumed = 0;
  private index = 0;
  private lineStart = 0;
  /** How many bytes of a leading byte order mark have been seen (it may straddle chunks). */
  private byteOrderMarkSeen = 0;
  private readonly buffer: RecordBuffer;

  constructor(maxRecordBytes: number) {
    this.buffer = new RecordBuffer(maxRecordBytes);
  }

  push(chunk: Buffer, out: RawRecord[]): void {
    let start = 0;
    while (start < chunk.length && this.consumed + start === this.byteOrderMarkSeen && chunk[start] === BYTE_ORDER_MARK[this.byteOrderMarkSeen]) {
      start++;
      this.byteOrderMarkSeen++;
    }
    if (start > 0 && this.byteOrderMarkSeen === BYTE_ORDER_MARK.length) this.lineStart = BYTE_ORDER_MARK.length;
    else if (start < chunk.length && this.consumed + start === this.byteOrderMarkSeen) this.keepBrokenByteOrderMark();
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) {
        if (start < chunk.length) this.buffer.add(chunk.subarray(start));
        break;
      }
      this.completeLine(this.buffer.finish(chunk.subarray(start, newline)), out);
      start = newline + 1;
      this.lineStart = this.consumed + start;
    }
    this.consumed += chunk.length;
  }

  end(out: RawRecord[]): void {
    if (this.consumed === this.byteOrderMarkSeen) this.keepBrokenByteOrderMark();
    if (this.buffer.size > 0) this.completeLine(this.buffer.finish(Buffer.alloc(0)), out);
  }

  /** A file that starts like a byte order mark but is not one: those bytes belong to the first line. */
  private keepBrokenByteOrderMark(): void {
    if (this.byteOrderMarkSeen > 0 && this.byteOrderMarkSeen < BYTE_ORDER_MARK.length) {
      this.buffer.add(BYTE_ORDER_MARK.subarray(0, this.byteOrderMarkSeen));
    }
  }

  private completeLine(bytes: Buffer | undefined, out: RawRecord[]): void {
    const byteOffset = this.lineStart;
    if (bytes === undefined) {
      out.push({ kind: 'too-large', index: this.index++, byteOffset, byteLength: this.buffer.size, head: this.buffer.headBytes() });
    } else if (!isBlank(bytes)) {
      out.push({ kind: 'record', index: this.index++, byteOffset, bytes });
    }
    this.buffer.reset();
  }
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}
