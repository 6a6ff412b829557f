/** A set of record indices as bits, growing as records are added; about 80 kB per million records. */
export class Bitset {
  private words = new Uint32Array(1024);
  /** How many bits are set. */
  count = 0;

  add(index: number): void {
    const word = index >>> 5;
    if (word >= this.words.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.words.length * 2));
      grown.set(this.words);
      this.words = grown;
    }
    const bit = 1 << (index & 31);
    if ((this.words[word]! & bit) === 0) {
      this.words[word]! |= bit;
      this.count++;
    }
  }

  has(index: number): boolean {
    const word = index >>> 5;
    return word < this.words.length && (this.words[word]! & (1 << (index & 31))) !== 0;
  }
}

/** A growing array of small unsigned numbers (turn counts), saturating at 65,535. */
export class GrowingUint16 {
  private values = new Uint16Array(1024);

  set(index: number, value: number): void {
    if (index >= this.values.length) {
      const grown = new Uint16Array(Math.max(index + 1, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[index] = Math.min(value, 0xffff);
  }

  get(index: number): number {
    return this.values[index] ?? 0;
  }
}

/** A growing array of non-negative integers up to 2^53 (byte offsets). */
export class GrowingFloat64 {
  private values = new Float64Array(1024);

  set(index: number, value: number): void {
    if (index >= this.values.length) {
      const grown = new Float64Array(Math.max(index + 1, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[index] = value;
  }

  get(index: number): number {
    return this.values[index] ?? 0;
  }
}
