import type { AnswerStyleCounts } from './dataset-statistics.js';
import { normaliseText } from '../operators/sample-keys.js';

const nonWhitespace = /\S+/g;

/** Words in a text: runs of non-whitespace characters. */
export function countWords(text: string): number {
  let count = 0;
  nonWhitespace.lastIndex = 0;
  while (nonWhitespace.exec(text) !== null) count++;
  return count;
}

/** Short up to 3 words, paragraph from 40 words, sentence in between. */
export function answerStyle(words: number): keyof AnswerStyleCounts {
  if (words <= 3) return 'short';
  if (words >= 40) return 'paragraph';
  return 'sentence';
}

/** An instruction's words for distinct-n: its normalised text (see `normaliseText`) split at spaces. */
export function instructionWords(text: string): string[] {
  const normalised = normaliseText(text);
  return normalised === '' ? [] : normalised.split(' ');
}
