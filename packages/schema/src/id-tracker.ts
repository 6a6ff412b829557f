/**
 * Remembers the ids seen so far in 16 bytes each (a 64-bit hash and the first index), so that duplicate
 * detection over millions of records stays within a few tens of megabytes. Two different ids share a
 * 64-bit hash with odds of about 3e-8 across a million records; such a collision would be reported as a
 * duplicate.
 */
export class IdTracker {
  private capacity = 1 << 16;
  private size = 0;
  private high = new Uint32Array(this.capacity);
  private low = new Uint32Array(this.capacity);
  private first = new Int32Array(this.capacity).fill(-1);

  /** Records `id` at `index`; returns the index where it was first seen when it is a duplicate. */
  add(id: string, index: number): number | undefined {
    const high = hashString(id, 0x9e3779b1);
    const low = hashString(id, 0x85ebca77);
    let slot = (high ^ low) & (this.capacity - 1);
    for (;;) {
      const seen = this.first[slot]!;
      if (seen === -1) break;
      if (this.high[slot] === high && this.low[slot] === low) return seen;
      slot = (slot + 1) & (this.capacity - 1);
    }
    this.high[slot] = high;
    this.low[slot] = low;
    this.first[slot] = index;
    this.size++;
    if (this.size * 2 > this.capacity) this.grow();
    return undefined;
  }

  get count(): number {
    return this.size;
  }

  private grow(): void {
    const { high, low, first } = this;
    this.capacity *= 2;
    this.high = new Uint32Array(this.capacity);
    this.low = new Uint32Array(this.capacity);
    this.first = new Int32Array(this.capacity).fill(-1);
    for (let slot = 0; slot < first.length; slot++) {
      if (first[slot] === -1) continue;
      let target = (high[slot]! ^ low[slot]!) & (this.capacity - 1);
      while (this.first[target] !== -1) target = (target + 1) & (this.capacity - 1);
      this.high[target] = high[slot]!;
      this.low[target] = low[slot]!;
      this.first[target] = first[slot]!;
    }
  }
}

/** Murmur3-style 32-bit hash over UTF-16 code units, seeded so two seeds give independent halves. */
function hashString(text: string, seed: number): number {
  let hash = seed ^ text.length;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    hash ^= Math.imul(k, 0x1b873593);
    hash = (hash << 13) | (hash >>> 19);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
