import { pythonSplit } from './python-text.js';

/** A well-mixed 32-bit hash of two integers (the low bits of a plain product would cluster). */
function hash(prefix: number, word: number): number {
  let mixed = Math.imul(prefix, 0x9e3779b1) ^ Math.imul(word + 0x7f4a7c15, 0x85ebca77);
  mixed ^= mixed >>> 15;
  mixed = Math.imul(mixed, 0x2c1b3c6d);
  mixed ^= mixed >>> 12;
  return mixed >>> 0;
}

/**
 * The n-grams of a fixed list of sentences as integer ids, stored flat so that scoring works on arrays
 * instead of hashing strings again and again. Every distinct n-gram gets an id (1, 2, ...): its prefix's
 * id and its last word's id, kept in an open-addressing table sized once from the word count. For each
 * sentence and order, the distinct n-grams are kept in first-seen order with their counts: the order in
 * which the reference code's dict holds them, which fixes the order of its float sums.
 */
export class NgramTable {
  /** How many n-gram ids were given; ids run from 1 to `ngramCount`. */
  readonly ngramCount: number;
  /** N-gram ids of all sentences, order after order, sentence after sentence. */
  readonly ids: Int32Array;
  /** The count of each entry of `ids` in its sentence. */
  readonly counts: Int32Array;
  /** Where sentence s's order k starts in `ids`: `starts[s * (maxOrder + 1) + k]`; k = maxOrder is its end. */
  readonly starts: Int32Array;

  /** Splits each sentence on whitespace as Python's str.split does and counts its n-grams up to `maxOrder`. */
  constructor(sentences: readonly string[], readonly maxOrder: number) {
    const tokenLists = sentences.map(pythonSplit);
    let tokenTotal = 0;
    let longest = 0;
    for (const tokens of tokenLists) {
      tokenTotal += tokens.length;
      longest = Math.max(longest, tokens.length);
    }
    const occurrences = tokenTotal * maxOrder;
    // Sized for the distinct n-grams (about a third of the occurrences in captions) and grown when half
    // full: a table much larger than needed is slower, every probe missing the cache.
    let capacity = 1024;
    while (capacity < tokenTotal * 2) capacity *= 2;
    let mask = capacity - 1;
    // Slot s holds [prefix id, word id, n-gram id] at 3s, so a probe reads one place in memory.
    let slots = new Int32Array(capacity * 3);
    const ids = new Int32Array(occurrences);
    const counts = new Int32Array(occurrences);
    const stride = maxOrder + 1;
    const starts = new Int32Array(sentences.length * stride);
    const words = new Map<string, number>();
    const wordIds = new Int32Array(longest);
    const previous = new Int32Array(longest);
    let ngramCount = 0;
    let size = 0;

    const grow = (): void => {
      const largerCapacity = (slots.length / 3) * 2;
      const larger = new Int32Array(largerCapacity * 3);
      const largerMask = largerCapacity - 1;
      for (let at = 0; at < slots.length; at += 3) {
        if (slots[at + 2] === 0) continue;
        let slot = hash(slots[at]!, slots[at + 1]!) & largerMask;
        while (larger[slot * 3 + 2] !== 0) slot = (slot + 1) & largerMask;
        larger[slot * 3] = slots[at]!;
        larger[slot * 3 + 1] = slots[at + 1]!;
        larger[slot * 3 + 2] = slots[at + 2]!;
      }
      slots = larger;
      mask = largerMask;
    };

    tokenLists.forEach((tokens, sentence) => {
      const length = tokens.length;
      for (let position = 0; position < length; position++) {
        const token = tokens[position]!;
        let word = words.get(token);
        if (word === undefined) words.set(token, (word = words.size + 1));
        wordIds[position] = word;
      }
      for (let order = 1; order <= maxOrder; order++) {
        starts[sentence * stride + order - 1] = size;
        const first = size;
        const entryOf = length > 64 ? new Map<number, number>() : undefined;
        for (let start = 0; start + order <= length; start++) {
          // An n-gram is the (n-1)-gram starting at the same word plus one more word.
          const prefix = order === 1 ? 0 : previous[start]!;
          const word = wordIds[start + order - 1]!;
          let slot = hash(prefix, word) & mask;
          let id = 0;
          for (;;) {
            const at = slot * 3;
            const found = slots[at + 2]!;
            if (found === 0) {
              id = ++ngramCount;
              slots[at] = prefix;
              slots[at + 1] = word;
              slots[at + 2] = id;
              if (ngramCount * 2 > mask) grow();
              break;
            }
            if (slots[at] === prefix && slots[at + 1] === word) {
              id = found;
              break;
            }
            slot = (slot + 1) & mask;
          }
          previous[start] = id;
          // Captions are short: a scan of this order's n-grams so far finds a repeat; long texts use a map.
          let entry = first;
          if (entryOf === undefined) while (entry < size && ids[entry] !== id) entry++;
          else entry = entryOf.get(id) ?? size;
          if (entry < size) counts[entry]!++;
          else {
            entryOf?.set(id, size);
            ids[size] = id;
            counts[size] = 1;
            size++;
          }
        }
      }
      starts[sentence * stride + maxOrder] = size;
    });
    this.ngramCount = ngramCount;
    this.ids = ids;
    this.counts = counts;
    this.starts = starts;
  }
}
