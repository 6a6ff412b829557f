import type { Hash64 } from './hash-string-64.js';

const INITIAL_SLOTS = 1024;

/**
 * A set of 64-bit hashes in two typed arrays (open addressing, linear probing): 8 bytes a slot and at most
 * half the slots used, so about 16–32 bytes per entry, far less than the texts it stands for or a `Set` of
 * hex strings. Used where a stream must remember what it has seen.
 */
export class Hash64Set {
  private highs = new Uint32Array(INITIAL_SLOTS);
  private lows = new Uint32Array(INITIAL_SLOTS);
  // The all-zero hash marks an empty slot, so the rare real zero hash is kept aside.
  private hasZero = false;
  private count = 0;
  // 32 − log2(slots).
  private shift = 32 - Math.log2(INITIAL_SLOTS);

  get size(): number {
    return this.count;
  }

  /** Adds the hash; returns false when it was already there. */
  add(hash: Hash64): boolean {
    const { high, low } = hash;
    if (high === 0 && low === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      this.count++;
      return true;
    }
    if ((this.count + 1) * 2 > this.highs.length) this.grow();
    if (!this.insert(high, low)) return false;
    this.count++;
    return true;
  }

  has(hash: Hash64): boolean {
    const { high, low } = hash;
    if (high === 0 && low === 0) return this.hasZero;
    const mask = this.highs.length - 1;
    for (let slot = this.firstSlot(high, low); ; slot = (slot + 1) & mask) {
      const slotHigh = this.highs[slot]!;
      const slotLow = this.lows[slot]!;
      if (slotHigh === 0 && slotLow === 0) return false;
      if (slotHigh === high && slotLow === low) return true;
    }
  }

  /** Every hash in the set, in no particular order. */
  *[Symbol.iterator](): IterableIterator<Hash64> {
    if (this.hasZero) yield { high: 0, low: 0 };
    for (let slot = 0; slot < this.highs.length; slot++) {
      const high = this.highs[slot]!;
      const low = this.lows[slot]!;
      if (high !== 0 || low !== 0) yield { high, low };
    }
  }

  private insert(high: number, low: number): boolean {
    const mask = this.highs.length - 1;
    for (let slot = this.firstSlot(high, low); ; slot = (slot + 1) & mask) {
      const slotHigh = this.highs[slot]!;
      const slotLow = this.lows[slot]!;
      if (slotHigh === 0 && slotLow === 0) {
        this.highs[slot] = high;
        this.lows[slot] = low;
        return true;
      }
      if (slotHigh === high && slotLow === low) return false;
    }
  }

  /** Fibonacci hashing of both halves: the top bits of the product depend on every input bit. */
  private firstSlot(high: number, low: number): number {
    return Math.imul(high ^ low, 0x9e3779b1) >>> this.shift;
  }

  private grow(): void {
    this.shift--;
    const highs = this.highs;
    const lows = this.lows;
    this.highs = new Uint32Array(highs.length * 2);
    this.lows = new Uint32Array(lows.length * 2);
    for (let slot = 0; slot < highs.length; slot++) {
      if (highs[slot] !== 0 || lows[slot] !== 0) this.insert(highs[slot]!, lows[slot]!);
    }
  }
}
