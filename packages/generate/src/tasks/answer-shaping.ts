/**
 * Answers are shaped so each turn's answer matches its instruction: a short phrase has no trailing period,
 * a caption is one sentence ending with one, yes/no is capitalised, letters come with their explanation.
 */

const collapseSpaces = (text: string): string => text.replace(/\s+/g, ' ').trim();
const capitalise = (text: string): string => (text === '' ? text : text[0]!.toUpperCase() + text.slice(1));

/** A short phrase: spaces collapsed, a trailing period dropped ("Green." → "Green"), first letter capitalised. */
export function shortPhrase(answer: string): string {
  return capitalise(collapseSpaces(answer).replace(/\.+$/, ''));
}

/** A sentence: spaces collapsed, first letter capitalised, ending with a period unless it ends in . ! or ?. */
export function sentence(text: string): string {
  const clean = capitalise(collapseSpaces(text));
  return /[.!?]["”’)]?$/.test(clean) || clean === '' ? clean : `${clean}.`;
}

/** A caption for "in 20 words": one sentence, cut to 20 words when the source runs longer. */
export function caption(text: string, maxWords = 20): string {
  const words = collapseSpaces(text).split(' ');
  return sentence(words.length > maxWords ? words.slice(0, maxWords).join(' ') : words.join(' '));
}

export function yesNo(label: boolean): string {
  return label ? 'Yes' : 'No';
}

/** A phrase with its explanation: "Umbrella. Because it is raining." */
export function phraseWithExplanation(answer: string, explanation: string): string {
  return `${sentence(shortPhrase(answer))} ${sentence(explanation)}`;
}

export const CHOICE_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The question with its choices on lines of their own, "A. choice", like LLaVA's multiple-choice prompts. */
export function questionWithChoices(question: string, choices: readonly string[]): string {
  const lines = choices.map((choice, index) => `${CHOICE_LETTERS[index]}. ${collapseSpaces(choice)}`);
  return `${collapseSpaces(question)}\n${lines.join('\n')}\n`;
}

/** The right letter, then the first rationale: "B. The man is holding a bat, so he plays baseball." */
export function letterWithExplanation(answerIndex: number, rationale: string | undefined): string {
  const letter = CHOICE_LETTERS[answerIndex] ?? '?';
  return rationale === undefined || rationale.trim() === '' ? letter : `${letter}. ${sentence(rationale)}`;
}
