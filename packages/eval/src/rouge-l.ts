import type { CaptionExample } from './caption-example.js';
import { checkCaptionExamples } from './check-examples.js';
import { numpyMean } from './numpy-sum.js';

export type RougeLOptions = {
  examples: readonly CaptionExample[];
  /** Weight of recall against precision in the F-measure (default 1.2, pycocoevalcap's). */
  beta?: number;
};

export type RougeLResult = {
  /** The mean of the per-image scores. */
  score: number;
  perImage: { id: string | number; score: number }[];
};

/**
 * ROUGE-L as pycocoevalcap computes it: tokens split on single spaces, the longest common subsequence with
 * each reference, the best precision and the best recall (possibly from different references) combined into
 * one F-measure per image, and the corpus score as their mean.
 */
export function rougeL(options: RougeLOptions): RougeLResult {
  const beta = options.beta ?? 1.2;
  const betaSquared = beta * beta;
  checkCaptionExamples('rouge-l', options.examples);
  const perImage = options.examples.map((example) => {
    const candidate = example.candidate.split(' ');
    let bestPrecision = -Infinity;
    let bestRecall = -Infinity;
    for (const reference of example.references) {
      const tokens = reference.split(' ');
      const common = longestCommonSubsequence(tokens, candidate);
      bestPrecision = Math.max(bestPrecision, common / candidate.length);
      bestRecall = Math.max(bestRecall, common / tokens.length);
    }
    const score =
      bestPrecision !== 0 && bestRecall !== 0 ? ((1 + betaSquared) * bestPrecision * bestRecall) / (bestRecall + betaSquared * bestPrecision) : 0;
    return { id: example.id, score };
  });
  return { score: numpyMean(perImage.map((image) => image.score)), perImage };
}

function longestCommonSubsequence(left: readonly string[], right: readonly string[]): number {
  const [long, short] = left.length < right.length ? [right, left] : [left, right];
  let previous = new Array<number>(short.length + 1).fill(0);
  let current = new Array<number>(short.length + 1).fill(0);
  for (const word of long) {
    for (let index = 1; index <= short.length; index++) {
      current[index] = word === short[index - 1] ? previous[index - 1]! + 1 : Math.max(previous[index]!, current[index - 1]!);
    }
    [previous, current] = [current, previous];
  }
  return previous[short.length]!;
}
