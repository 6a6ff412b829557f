import { ByteBuffer } from './byte-buffer.js';

/**
 * The values and levels of one leaf column for the row group being built: PLAIN-encoded byte arrays,
 * definition and repetition levels, and where each row starts (pages end on row boundaries).
 */
export class LeafColumn {
  readonly values = new ByteBuffer(1 << 16);
  definitions: Uint8Array = new Uint8Array(1 << 12);
  repetitions: Uint8Array = new Uint8Array(1 << 12);
  /** Level entries so far (values and nulls). */
  levelCount = 0;
  /** Level index and value byte offset at the start of each row. */
  rowLevelStarts: Int32Array = new Int32Array(1 << 10);
  rowValueStarts: Int32Array = new Int32Array(1 << 10);
  rows = 0;

  constructor(
    readonly path: readonly string[],
    readonly maxDefinition: number,
    readonly maxRepetition: number,
    readonly isString: boolean,
  ) {}

  startRow(): void {
    if (this.rows === this.rowLevelStarts.length) {
      this.rowLevelStarts = grow32(this.rowLevelStarts);
      this.rowValueStarts = grow32(this.rowValueStarts);
    }
    this.rowLevelStarts[this.rows] = this.levelCount;
    this.rowValueStarts[this.rows] = this.values.length;
    this.rows++;
  }

  private level(definition: number, repetition: number): void {
    if (this.levelCount === this.definitions.length) {
      this.definitions = grow8(this.definitions);
      this.repetitions = grow8(this.repetitions);
    }
    this.definitions[this.levelCount] = definition;
    this.repetitions[this.levelCount] = repetition;
    this.levelCount++;
  }

  nullAt(definition: number, repetition: number): void {
    this.level(definition, repetition);
  }

  text(value: string, repetition: number): void {
    this.level(this.maxDefinition, repetition);
    this.values.writeLengthPrefixedUtf8(value);
  }

  binary(value: Uint8Array, repetition: number): void {
    this.level(this.maxDefinition, repetition);
    this.values.writeLengthPrefixedBytes(value);
  }

  clear(): void {
    this.values.clear();
    this.levelCount = 0;
    this.rows = 0;
  }

  /** Bytes held for this row group, to decide when to close it. */
  get byteSize(): number {
    return this.values.length + this.levelCount * 2;
  }
}

function grow8(array: Uint8Array): Uint8Array {
  const grown = new Uint8Array(array.length * 2);
  grown.set(array);
  return grown;
}

function grow32(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
