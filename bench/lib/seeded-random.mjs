/**
 * A small seeded pseudo-random generator (a Weyl sequence passed through a 32-bit integer mixer), so a
 * benchmark input is the same bytes on every machine and every run.
 */
export class SeededRandom {
  constructor(seed) {
    this.state = Math.imul(seed >>> 0, 0x9e3779b1) ^ 0x6a09e667;
  }

  /** A 32-bit unsigned integer. */
  nextUint32() {
    this.state = (this.state + 0x9e3779b9) | 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    return (mixed ^ (mixed >>> 16)) >>> 0;
  }

  /** A float in [0, 1). */
  next() {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [minimum, maximum], both included. */
  integer(minimum, maximum) {
    return minimum + Math.floor(this.next() * (maximum - minimum + 1));
  }

  chance(probability) {
    return this.next() < probability;
  }

  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks a key of `weights` ({key: weight}) with probability proportional to its weight. */
  weighted(weights) {
    const entries = Object.entries(weights);
    let remaining = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [key, weight] of entries) {
      remaining -= weight;
      if (remaining < 0) return key;
    }
    return entries[entries.length - 1][0];
  }
}
