export type ExtractChoiceOptions = {
  text: string;
  /** The option letters in order (default A to E, LLaVA's ScienceQA evaluation). */
  letters?: readonly string[];
  /** How many choices the question has: letters beyond it are not answers (default all letters). */
  choiceCount?: number;
  /**
   * `llava` (default): LLaVA's ScienceQA rule, the reference: the whole answer is a letter, or starts with
   * a letter, a period and a space ("B. because..."), or says "The answer is B" exactly once.
   * `lenient` (ours): that rule first, then a letter at the start followed by ")", ":", ",", "." or the
   * end of a line ("(B)", "B)", "B: ...", "B\n..."), then "answer: B", "answer is (B)", "option B".
   */
  strategy?: 'llava' | 'lenient';
};

const escapeLetter = (letter: string): string => letter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The chosen option's letter, or undefined when the answer names none of the allowed letters. */
export function extractChoiceLetter(options: ExtractChoiceOptions): string | undefined {
  const letters = options.letters ?? ['A', 'B', 'C', 'D', 'E'];
  const allowed = letters.slice(0, options.choiceCount ?? letters.length);
  const text = options.text;
  const pick = (letter: string | undefined): string | undefined => (letter !== undefined && allowed.includes(letter) ? letter : undefined);

  // LLaVA's rule: the letter must be one of the letters at all, then one of this question's choices.
  let letter: string | undefined;
  if (letters.includes(text)) letter = text;
  else if (text.length >= 3 && letters.includes(text[0]!) && text.slice(1, 3) === '. ') letter = text[0];
  else {
    // Python's '.' matches anything but a newline; the pattern needs one character after the letter.
    const found = [...text.matchAll(/The answer is ([A-Z])[^\n]/g)];
    if (found.length === 1) letter = found[0]![1];
  }
  if (letter !== undefined || options.strategy !== 'lenient') return pick(letter);

  const alternatives = allowed.map(escapeLetter).join('|');
  const trimmed = text.trim();
  const patterns = [
    new RegExp(`^\\(?(${alternatives})(?:[).:,]|\\s*$|\\s*\\n)`),
    new RegExp(`\\banswer(?: is|:)?\\s*[:(]?\\s*\\(?(${alternatives})\\b`, 'i'),
    new RegExp(`\\boption\\s*\\(?(${alternatives})\\b`, 'i'),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(trimmed);
    if (match !== null) return pick(match[1]);
  }
  return undefined;
}
