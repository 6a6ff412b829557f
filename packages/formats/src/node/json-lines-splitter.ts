import { RecordBuffer, type RawRecord, type RecordSplitter } from './raw-record.js';

const NEWLINE = 0x0a;

/** Splits JSON Lines into one record per non-blank line, in bounded memory. */
export class JsonLinesSplitter implements RecordSplitter {
  private consumed = 0;
  private index = 0;
  private lineStart = 0;
  private readonly buffer: RecordBuffer;

  constructor(maxRecordBytes: number) {
    this.buffer = new RecordBuffer(maxRecordBytes);
  }

  push(chunk: Buffer, out: RawRecord[]): void {
    let start = 0;
    if (this.consumed === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      start = 3; // UTF-8 byte order mark
      this.lineStart = 3;
    }
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
    if (this.buffer.size > 0) this.completeLine(this.buffer.finish(Buffer.alloc(0)), out);
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
