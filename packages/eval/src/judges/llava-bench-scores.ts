import { MetricInputError } from '../eval-errors.js';
import { pythonRound } from '../python-number.js';

/** A review as LLaVA writes it: the category and the `[reference score, model score]` pair. */
export type LlavaBenchReview = { questionId?: string | number; category?: string; tuple: readonly [number, number] | readonly number[] };

export type LlavaBenchCategoryScore = {
  /** 100 × mean(model) / mean(reference), from means rounded to 3 places, rounded to 1. */
  relative: number;
  /** 10 × the mean scores, rounded to 1 (LLaVA prints these beside the relative score). */
  reference: number;
  model: number;
  count: number;
};

/** The relative score of some review pairs, rounded the way LLaVA's summary script rounds it. */
export function llavaBenchRelativeScore(pairs: readonly (readonly number[])[]): LlavaBenchCategoryScore {
  if (pairs.length === 0) throw new MetricInputError({ metric: 'llava-bench', message: 'no reviews', fix: 'give at least one review' });
  let referenceSum = 0;
  let modelSum = 0;
  pairs.forEach((pair, index) => {
    if (pair.length !== 2 || !pair.every(Number.isFinite)) {
      throw new MetricInputError({ metric: 'llava-bench', index, message: `the review's tuple is ${JSON.stringify(pair)}, not two scores`, fix: 'give each review a [reference score, model score] pair' });
    }
    referenceSum += pair[0]!;
    modelSum += pair[1]!;
  });
  // numpy's mean along axis 0 adds the rows in order, so a plain running sum matches it.
  const reference = pythonRound(referenceSum / pairs.length, 3);
  const model = pythonRound(modelSum / pairs.length, 3);
  return { relative: pythonRound((model / reference) * 100, 1), reference: pythonRound(reference * 10, 1), model: pythonRound(model * 10, 1), count: pairs.length };
}

/**
 * LLaVA-Bench's summary of one review file: per category and `all`, in sorted order, as LLaVA's
 * summarize_gpt_review.py prints it. Questions in `ignore` are left out.
 */
export function llavaBenchScores(options: { reviews: readonly LlavaBenchReview[]; ignore?: readonly (string | number)[] }): Record<string, LlavaBenchCategoryScore> {
  const ignored = new Set(options.ignore ?? []);
  const byCategory = new Map<string, (readonly number[])[]>();
  for (const review of options.reviews) {
    if (review.questionId !== undefined && ignored.has(review.questionId)) continue;
    for (const key of review.category === undefined ? ['all'] : [review.category, 'all']) {
      const list = byCategory.get(key) ?? [];
      list.push(review.tuple);
      byCategory.set(key, list);
    }
  }
  return Object.fromEntries([...byCategory.keys()].sort().map((key) => [key, llavaBenchRelativeScore(byCategory.get(key)!)]));
}

/** The published number: the mean of the `all` relative scores of several review runs, rounded to 1. */
export function llavaBenchMeanOfRuns(runs: readonly Record<string, LlavaBenchCategoryScore>[]): number {
  if (runs.length === 0) throw new MetricInputError({ metric: 'llava-bench', message: 'no review runs', fix: 'give at least one review file' });
  return pythonRound(runs.reduce((sum, run) => sum + run.all!.relative, 0) / runs.length, 1);
}
