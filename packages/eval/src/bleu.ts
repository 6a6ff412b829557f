import type { CaptionExample } from './caption-example.js';
import { checkCaptionExamples } from './check-examples.js';
import { countNgrams } from './ngram-counts.js';

// The reference scorer's guards: `tiny` keeps a zero match count at (almost) zero instead of dividing 0 by
// 0, `small` keeps the denominators away from zero. Both change the last digits, so both are kept.
const tiny = 1e-15;
const small = 1e-9;

export type BleuOptions = {
  examples: readonly CaptionExample[];
  /** Highest n-gram order (default 4: BLEU-1 to BLEU-4). */
  maxOrder?: number;
};

export type BleuResult = {
  /** Corpus BLEU-1..maxOrder: clipped counts summed over all images first, one brevity penalty. */
  scores: number[];
  /** Sentence BLEU-1..maxOrder of each image, in the order of `examples`. */
  perImage: { id: string | number; scores: number[] }[];
  /** Candidate words over all images. */
  testLength: number;
  /** The closest reference length of each image, summed. */
  referenceLength: number;
  /** Candidate n-grams per order, summed. */
  guess: number[];
  /** Clipped matching n-grams per order, summed. */
  correct: number[];
};

/**
 * BLEU as pycocoevalcap's `Bleu(4)` computes it: whitespace tokens, counts clipped by the largest count in
 * any one reference, the "closest" reference length (ties to the shorter), and the corpus score from the
 * summed counts rather than an average of sentence scores.
 */
export function bleu(options: BleuOptions): BleuResult {
  const maxOrder = options.maxOrder ?? 4;
  checkCaptionExamples('bleu', options.examples);
  const guessTotal = new Array<number>(maxOrder).fill(0);
  const correctTotal = new Array<number>(maxOrder).fill(0);
  let testLength = 0;
  let referenceLength = 0;
  const perImage: BleuResult['perImage'] = [];

  for (const example of options.examples) {
    const maxCounts: Map<string, number>[] = Array.from({ length: maxOrder }, () => new Map<string, number>());
    const referenceLengths: number[] = [];
    for (const reference of example.references) {
      const counts = countNgrams(reference, maxOrder);
      referenceLengths.push(counts.length);
      counts.orders.forEach((order, index) => {
        const best = maxCounts[index]!;
        for (const [ngram, count] of order) if (count > (best.get(ngram) ?? 0)) best.set(ngram, count);
      });
    }
    const test = countNgrams(example.candidate, maxOrder);
    const closest = closestLength(referenceLengths, test.length);
    const guess: number[] = [];
    const correct: number[] = [];
    for (let index = 0; index < maxOrder; index++) {
      guess.push(Math.max(0, test.length - index));
      let matched = 0;
      const best = maxCounts[index]!;
      for (const [ngram, count] of test.orders[index]!) matched += Math.min(best.get(ngram) ?? 0, count);
      correct.push(matched);
      guessTotal[index]! += guess[index]!;
      correctTotal[index]! += matched;
    }
    testLength += test.length;
    referenceLength += closest;
    perImage.push({ id: example.id, scores: combine(correct, guess, test.length, closest) });
  }
  return { scores: combine(correctTotal, guessTotal, testLength, referenceLength), perImage, testLength, referenceLength, guess: guessTotal, correct: correctTotal };
}

/** The reference length nearest the candidate's; on a tie the shorter one, as Python's tuple min picks. */
function closestLength(lengths: readonly number[], testLength: number): number {
  let best = lengths[0]!;
  for (const length of lengths) {
    const distance = Math.abs(length - testLength);
    const bestDistance = Math.abs(best - testLength);
    if (distance < bestDistance || (distance === bestDistance && length < best)) best = length;
  }
  return best;
}

/** Geometric means of the running precision product, then the brevity penalty when the candidate is short. */
function combine(correct: readonly number[], guess: readonly number[], testLength: number, referenceLength: number): number[] {
  const scores: number[] = [];
  let product = 1;
  for (let index = 0; index < correct.length; index++) {
    product *= (correct[index]! + tiny) / (guess[index]! + small);
    scores.push(product ** (1 / (index + 1)));
  }
  const ratio = (testLength + tiny) / (referenceLength + small);
  if (ratio < 1) {
    const penalty = Math.exp(1 - 1 / ratio);
    for (let index = 0; index < scores.length; index++) scores[index]! *= penalty;
  }
  return scores;
}
