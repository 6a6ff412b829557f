import type { AnswerStyleCounts } from './dataset-statistics.js';
import { normaliseText } from '../operators/sample-keys.js';

/** Words in a text: runs of characters that are not whitespace (as `\s` in a regular expression). */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    const space = isWhitespace(text.charCodeAt(index));
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

/** JavaScript's `\s`: the ECMAScript WhiteSpace and LineTerminator characters (a loop over them is faster than the regular expression). */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
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
