import { pythonSplit } from './python-text.js';

export type ExactMatchOptions = {
  prediction: string;
  /** One accepted answer or several; a match with any counts. */
  references: string | readonly string[];
  /**
   * `squad` (default): compared after the SQuAD evaluation's normalisation: lower case, ASCII
   * punctuation removed, the words "a", "an", "the" removed, whitespace collapsed.
   * `trim`: surrounding whitespace ignored. `none`: the strings must be equal.
   */
  normalize?: 'squad' | 'trim' | 'none';
};

const asciiPunctuation = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** An answer as the SQuAD v1.1 evaluation compares it. */
export function normalizeSquadAnswer(text: string): string {
  return pythonSplit(
    text
      .toLowerCase()
      .replace(asciiPunctuation, '')
      .replace(/\b(a|an|the)\b/g, ' '),
  ).join(' ');
}

/** Whether the prediction equals one of the references, after the chosen normalisation. */
export function exactMatch(options: ExactMatchOptions): boolean {
  const references = typeof options.references === 'string' ? [options.references] : options.references;
  const mode = options.normalize ?? 'squad';
  const normalize = mode === 'squad' ? normalizeSquadAnswer : mode === 'trim' ? (text: string) => text.trim() : (text: string) => text;
  const prediction = normalize(options.prediction);
  return references.some((reference) => normalize(reference) === prediction);
}
