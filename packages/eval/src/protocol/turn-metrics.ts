import { exactMatch } from '../exact-match.js';
import { extractChoiceLetter } from '../multiple-choice.js';
import { parsePopeAnswer } from '../pope.js';

/** Metrics a runner can score one turn with, no judge needed: 1 for right, 0 for wrong. */
export const turnMetrics = {
  /** SQuAD-normalised exact match against the reference (`|`-separated alternatives accepted). */
  'exact-match': (prediction: string, reference: string) => (exactMatch({ prediction, references: reference.split('|') }) ? 1 : 0),
  /** A yes/no answer read as POPE reads it, against a `yes` or `no` reference. */
  'yes-no': (prediction: string, reference: string) => (parsePopeAnswer(prediction) === reference.trim().toLowerCase() ? 1 : 0),
  /** The chosen option letter (LLaVA's rule) against the reference letter. */
  choice: (prediction: string, reference: string) => (extractChoiceLetter({ text: prediction }) === reference.trim().toUpperCase() ? 1 : 0),
} as const;

export type TurnMetricName = keyof typeof turnMetrics;
export const turnMetricNames = Object.keys(turnMetrics) as TurnMetricName[];
