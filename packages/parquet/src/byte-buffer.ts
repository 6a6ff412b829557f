const encoder = new TextEncoder();

/** A growable byte buffer for building pages; strings go in as UTF-8 without an intermediate copy. */
export class ByteBuffer {
  bytes: Uint8Array;
  length = 0;

  /** `initial`: a capacity, or the array to start in (its contents are written over). */
  constructor(initial: number | Uint8Array = 1 << 16) {
    this.bytes = typeof initial === 'number' ? new Uint8Array(initial) : initial;
  }

  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  writeByte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  writeBytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.bytes.set(value, this.length);
    this.length += value.length;
  }

  writeInt32LittleEndian(value: number): void {
    this.reserve(4);
    const at = this.length;
    this.bytes[at] = value & 0xff;
    this.bytes[at + 1] = (value >>> 8) & 0xff;
    this.bytes[at + 2] = (value >>> 16) & 0xff;
    this.bytes[at + 3] = (value >>> 24) & 0xff;
    this.length += 4;
  }

  /** Unsigned LEB128, for numbers up to 2^53. */
  writeVarint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.writeByte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.writeByte(rest);
  }

  /**
   * A Parquet PLAIN byte array: 4-byte little-endian length, then the UTF-8 bytes. The length is written
   * after encoding, into the 4 bytes kept for it.
   */
  writeLengthPrefixedUtf8(text: string): void {
    this.reserve(4 + text.length * 3);
    const start = this.length;
    const { written } = encoder.encodeInto(text, this.bytes.subarray(start + 4));
    this.bytes[start] = written & 0xff;
    this.bytes[start + 1] = (written >>> 8) & 0xff;
    this.bytes[start + 2] = (written >>> 16) & 0xff;
    this.bytes[start + 3] = (written >>> 24) & 0xff;
    this.length = start + 4 + written;
  }

  writeUtf8(text: string): void {
    this.reserve(text.length * 3);
    this.length += encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
  }

  writeLengthPrefixedBytes(value: Uint8Array): void {
    this.writeInt32LittleEndian(value.length);
    this.writeBytes(value);
  }

  view(start = 0, end = this.length): Uint8Array {
    return this.bytes.subarray(start, end);
  }

  clear(): void {
    this.length = 0;
  }
}
