import { MetricInputError } from './eval-errors.js';
import { pairByQuestionId } from './record-index.js';

export type PopeAnnotation = { questionId: string | number; label: 'yes' | 'no'; category?: string };
export type PopePrediction = { questionId: string | number; text: string };

export type PopeOptions = {
  predictions: readonly PopePrediction[];
  annotations: readonly PopeAnnotation[];
  files?: { predictions?: string; annotations?: string };
};

export type PopeScores = {
  count: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** The share of answers read as "yes". */
  yesRatio: number;
};

export type PopeResult = {
  /** One entry per category (adversarial, popular, random...), in the order they first appear. */
  categories: Record<string, PopeScores>;
  /** The mean of each score over the categories: what papers report as "POPE" (LLaVA reports the F1). */
  categoryMean: Pick<PopeScores, 'accuracy' | 'precision' | 'recall' | 'f1' | 'yesRatio'>;
  /** All questions counted together, categories ignored. */
  overall: PopeScores;
};

/**
 * LLaVA's reading of a POPE answer (eval_pope.py): only the text before the first period counts, commas
 * are dropped, and the answer is "no" when one of the space-separated words is exactly "No", "no" or "not";
 * anything else is "yes".
 */
export function parsePopeAnswer(text: string): 'yes' | 'no' {
  const period = text.indexOf('.');
  const sentence = (period === -1 ? text : text.slice(0, period)).replaceAll(',', '');
  const words = sentence.split(' ');
  return words.includes('No') || words.includes('not') || words.includes('no') ? 'no' : 'yes';
}

/**
 * POPE scores as LLaVA's eval_pope.py computes them, per category and averaged over categories, with
 * "yes" as the positive class. Where the script would divide by zero (no "yes" answers), the score is 0.
 */
export function pope(options: PopeOptions): PopeResult {
  const pairs = pairByQuestionId('pope', options);
  const annotationFile = options.files?.annotations;
  const groups = new Map<string, { label: boolean; predicted: boolean }[]>();
  const all: { label: boolean; predicted: boolean }[] = [];
  for (const { id, reference, prediction } of pairs) {
    const { record: annotation, index } = reference;
    if (annotation.label !== 'yes' && annotation.label !== 'no') {
      throw new MetricInputError({
        metric: 'pope',
        index,
        id,
        message: `the label is ${JSON.stringify(annotation.label)}, not "yes" or "no"`,
        fix: 'use the POPE annotation files, whose labels are "yes" or "no"',
        ...(annotationFile === undefined ? {} : { file: annotationFile }),
      });
    }
    if (typeof prediction.text !== 'string') {
      throw new MetricInputError({ metric: 'pope', id, message: 'the answer text is not a string', fix: 'give each question the model answer as text' });
    }
    const outcome = { label: annotation.label === 'yes', predicted: parsePopeAnswer(prediction.text) === 'yes' };
    all.push(outcome);
    const category = annotation.category ?? 'all';
    const group = groups.get(category);
    if (group === undefined) groups.set(category, [outcome]);
    else group.push(outcome);
  }
  const categories = Object.fromEntries([...groups].map(([category, outcomes]) => [category, popeScores(outcomes)]));
  const list = Object.values(categories);
  const mean = (pick: (scores: PopeScores) => number): number => list.reduce((sum, scores) => sum + pick(scores), 0) / list.length;
  return {
    categories,
    categoryMean: {
      accuracy: mean((scores) => scores.accuracy),
      precision: mean((scores) => scores.precision),
      recall: mean((scores) => scores.recall),
      f1: mean((scores) => scores.f1),
      yesRatio: mean((scores) => scores.yesRatio),
    },
    overall: popeScores(all),
  };
}

function popeScores(outcomes: readonly { label: boolean; predicted: boolean }[]): PopeScores {
  let truePositives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  let falseNegatives = 0;
  for (const { label, predicted } of outcomes) {
    if (predicted && label) truePositives++;
    else if (predicted) falsePositives++;
    else if (!label) trueNegatives++;
    else falseNegatives++;
  }
  const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, truePositives + falseNegatives);
  return {
    count: outcomes.length,
    truePositives,
    falsePositives,
    trueNegatives,
    falseNegatives,
    accuracy: ratio(truePositives + trueNegatives, outcomes.length),
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    yesRatio: ratio(truePositives + falsePositives, outcomes.length),
  };
}
