/** The decoded entries of one leaf column over a row group. */
export type LeafData = {
  /** Definition level per entry. */
  definitions: Uint8Array;
  /** Repetition level per entry (all zero for a column outside any list). */
  repetitions: Uint8Array;
  /** Values of the entries at the maximum definition level, in order. */
  values: LeafValues;
  count: number;
};

/** Turns value bytes into strings: Node's Buffer where there is one (faster), TextDecoder elsewhere. */
export type TextOf = (bytes: Uint8Array, start: number, end: number) => string;

// ignoreBOM: a value that starts with U+FEFF keeps it.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
type NodeBuffer = { toString(encoding: 'utf8', start: number, end: number): string };
const nodeBuffer = (globalThis as { Buffer?: { from(buffer: ArrayBufferLike, offset: number, length: number): NodeBuffer } }).Buffer;

export function textDecoderFor(bytes: Uint8Array): TextOf {
  if (nodeBuffer === undefined) return (data, start, end) => decoder.decode(data.subarray(start, end));
  const view = nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (_data, start, end) => view.toString('utf8', start, end);
}

/**
 * The values of a leaf column. Byte arrays are kept as positions in their page and turned into strings (or
 * copied bytes) only when a row asks for them, so a string lives as long as its row rather than the whole
 * row group: reading many rows then costs the garbage collector far less. Other values are stored as they are.
 */
export class LeafValues {
  private readonly pages: Array<{ bytes: Uint8Array; text: TextOf | undefined }> = [];
  private pageOf: Int32Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private eager: unknown[] | undefined;
  length = 0;

  /**
   * `capacity`: how many values at most to expect (a column chunk's entry count), allocated with the first
   * value: no regrowth, and nothing for a column of nulls.
   */
  constructor(private readonly capacity = 1024) {
    this.pageOf = new Int32Array(0);
    this.starts = this.pageOf;
    this.ends = this.pageOf;
  }

  addPage(bytes: Uint8Array, isText: boolean): number {
    this.pages.push({ bytes, text: isText ? textDecoderFor(bytes) : undefined });
    return this.pages.length - 1;
  }

  addByteArray(page: number, start: number, end: number): void {
    this.reserve();
    this.pageOf[this.length] = page;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  addValue(value: unknown): void {
    this.reserve();
    this.pageOf[this.length] = -1;
    (this.eager ??= [])[this.length] = value;
    this.length++;
  }

  /**
   * The page holding value `index` when it is a byte array kept as a position (see `valueStart` and
   * `valueEnd`), or undefined for a value stored as it is (dictionary entries, numbers): lets a writer copy
   * the value's bytes without making a string.
   */
  pageBytes(index: number): Uint8Array | undefined {
    const page = this.pageOf[index]!;
    return page < 0 ? undefined : this.pages[page]!.bytes;
  }

  valueStart(index: number): number {
    return this.starts[index]!;
  }

  valueEnd(index: number): number {
    return this.ends[index]!;
  }

  get(index: number): unknown {
    const page = this.pageOf[index]!;
    if (page < 0) return this.eager![index];
    const { bytes, text } = this.pages[page]!;
    const start = this.starts[index]!;
    const end = this.ends[index]!;
    return text === undefined ? bytes.slice(start, end) : text(bytes, start, end);
  }

  private reserve(): void {
    if (this.length < this.pageOf.length) return;
    const size = Math.max(this.capacity, 16, this.length * 2);
    const grow = (array: Int32Array) => {
      const grown = new Int32Array(size);
      grown.set(array);
      return grown;
    };
    this.pageOf = grow(this.pageOf);
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
  }
}
