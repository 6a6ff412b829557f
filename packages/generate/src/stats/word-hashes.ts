import { hashString64, type Hash64 } from '../operators/hash-string-64.js';

/** Words remembered at most; past it, words are hashed each time (a vocabulary rarely gets there). */
const MAX_CACHED_WORDS = 1 << 20;

/**
 * Hashes of words and word pairs for distinct-n. A word is hashed once and remembered (instructions
 * repeat the same few thousand words), and a pair's hash is mixed from its two words' hashes instead of
 * hashing the joined text: hashing every bigram's string was most of the statistics' time.
 */
export class WordHashes {
  private readonly cache = new Map<string, Hash64>();

  word(word: string): Hash64 {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const hash = hashString64(word);
    if (this.cache.size < MAX_CACHED_WORDS) this.cache.set(word, hash);
    return hash;
  }

  /** An order-sensitive 64-bit hash of two words' hashes (MurmurHash3's finaliser on each half). */
  pair(first: Hash64, second: Hash64): Hash64 {
    const high = finalise32((first.high ^ Math.imul(second.high, 0x85ebca6b) ^ rotate(second.low, 13)) >>> 0);
    const low = finalise32((first.low ^ Math.imul(second.low, 0xc2b2ae35) ^ rotate(first.high, 17) ^ 0x9e3779b9) >>> 0);
    return { high, low };
  }
}

function rotate(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

function finalise32(value: number): number {
  let mixed = Math.imul(value ^ (value >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}
