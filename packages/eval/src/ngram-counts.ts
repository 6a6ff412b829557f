import { pythonSplit } from './python-text.js';

/**
 * The n-grams of a whitespace-split sentence, one map per order (index 0: unigrams), in first-seen order:
 * the order in which the reference code's dict would hold them, which fixes the order of its float sums.
 * Keys are the words joined by a space; words never contain whitespace, so keys are unambiguous.
 */
export type NgramCounts = { length: number; orders: Map<string, number>[] };

export function countNgrams(sentence: string, maxOrder: number): NgramCounts {
  const words = pythonSplit(sentence);
  const orders: Map<string, number>[] = [];
  for (let order = 1; order <= maxOrder; order++) {
    const counts = new Map<string, number>();
    for (let start = 0; start + order <= words.length; start++) {
      let key = words[start]!;
      for (let offset = 1; offset < order; offset++) key += ` ${words[start + offset]!}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    orders.push(counts);
  }
  return { length: words.length, orders };
}
