/**
 * Seeded building blocks for the kit: one random stream per file (so files can be written in any order,
 * in parallel, and still come out the same), weighted choice, shuffles, id sampling, and counts that add
 * up to an exact total.
 */
import { SeededRandom } from '../seeded-random.mjs';

/** An independent stream for `name` under `seed` (FNV-1a of both), so no two files share numbers. */
export function streamRandom(seed, name) {
  let hash = 0x811c9dc5;
  for (const character of `${seed}\u0000${name}`) {
    hash ^= character.codePointAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return new SeededRandom(hash >>> 0);
}

/** Picks items by weight in O(log n): the cumulative weights are computed once. */
export class WeightedTable {
  /** `entries`: [item, weight] pairs, or a `{ item: weight }` record. */
  constructor(entries) {
    const list = Array.isArray(entries) ? entries : Object.entries(entries);
    this.items = list.map(([item]) => item);
    this.cumulative = new Float64Array(list.length);
    let total = 0;
    list.forEach(([, weight], index) => {
      total += weight;
      this.cumulative[index] = total;
    });
    this.total = total;
  }

  pick(random) {
    const target = random.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] <= target) low = middle + 1;
      else high = middle;
    }
    return this.items[low];
  }
}

export const pick = (random, items) => items[Math.floor(random.next() * items.length)];

/** A standard normal draw (Box-Muller). */
export function normal(random) {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

export function shuffle(random, array) {
  for (let index = array.length - 1; index > 0; index--) {
    const other = Math.floor(random.next() * (index + 1));
    const kept = array[index];
    array[index] = array[other];
    array[other] = kept;
  }
  return array;
}

/** `count` distinct integers from [minimum, maximum], ascending (selection sampling: one pass, no set). */
export function sampleSorted(random, count, minimum, maximum) {
  const span = maximum - minimum + 1;
  if (count > span) throw new Error(`cannot pick ${count} distinct ids from ${minimum}..${maximum}; lower --scale`);
  const result = new Uint32Array(count);
  let chosen = 0;
  for (let value = 0; value < span && chosen < count; value++) {
    if ((span - value) * random.next() < count - chosen) result[chosen++] = minimum + value;
  }
  return result;
}

/**
 * Per-item counts drawn by `draw()` and clamped to [minimum, maximum], then nudged one at a time at random
 * items until they sum to exactly `total`, so a full-scale kit has the real sets' exact totals.
 */
export function countsWithTotal({ random, length, total, minimum, maximum, draw, ArrayType = Uint16Array }) {
  if (length === 0) return new ArrayType(0);
  if (total < minimum * length || total > maximum * length) throw new Error(`cannot spread ${total} over ${length} items with ${minimum}..${maximum} each`);
  const counts = new ArrayType(length);
  let sum = 0;
  for (let index = 0; index < length; index++) {
    counts[index] = Math.min(maximum, Math.max(minimum, draw()));
    sum += counts[index];
  }
  while (sum !== total) {
    const index = Math.floor(random.next() * length);
    if (sum < total && counts[index] < maximum) {
      counts[index]++;
      sum++;
    } else if (sum > total && counts[index] > minimum) {
      counts[index]--;
      sum--;
    }
  }
  return counts;
}
