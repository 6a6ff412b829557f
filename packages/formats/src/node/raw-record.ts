/** One record's bytes as split from a file, before decoding. */
export type RawRecord =
  | { kind: 'record'; index: number; byteOffset: number; bytes: Buffer }
  /** Over the size limit: only the first bytes are kept, the rest was skipped in bounded memory. */
  | { kind: 'too-large'; index: number; byteOffset: number; byteLength: number; head: Buffer }
  /** The file ended inside this record, or before the closing bracket (byteLength 0). */
  | { kind: 'truncated'; index: number; byteOffset: number; byteLength: number; head: Buffer };

export type RecordSplitter = {
  /** Splits the next chunk, appending every record it completes to `out`. */
  push(chunk: Buffer, out: RawRecord[]): void;
  /** Called at the end of the file. */
  end(out: RawRecord[]): void;
};

export const HEAD_BYTES = 4096;

/** The UTF-8 byte order mark some editors put at the start of a file; it may arrive split across chunks. */
export const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

/** Collects the pieces of a record that spans chunks, dropping them once it is over the limit. */
export class RecordBuffer {
  private parts: Buffer[] = [];
  size = 0;
  head: Buffer | undefined;

  constructor(private readonly maxBytes: number) {}

  get oversized(): boolean {
    return this.head !== undefined;
  }

  add(part: Buffer): void {
    this.size += part.length;
    if (this.head !== undefined) return;
    this.parts.push(part);
    if (this.size > this.maxBytes) {
      // Copies only the head: joining every piece first would briefly double the memory of a huge record.
      this.head = Buffer.concat(this.parts, Math.min(this.size, HEAD_BYTES));
      this.parts = [];
    }
  }

  /** The record from the stashed pieces plus `tail`, or undefined when it is over the limit. */
  finish(tail: Buffer): Buffer | undefined {
    this.add(tail);
    if (this.head !== undefined) return undefined;
    return this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size);
  }

  headBytes(): Buffer {
    return this.head ?? Buffer.concat(this.parts, Math.min(this.size, HEAD_BYTES));
  }

  reset(): void {
    this.parts = [];
    this.size = 0;
    this.head = undefined;
  }
}
