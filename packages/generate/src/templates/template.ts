import type { SourceDataset } from '@vift/sources';

/**
 * How an answer is shaped and how long it is. The composer mixes styles across turn positions, which is
 * the point of the paper: a dialog whose turns alternate short and long answers.
 */
export type AnswerStyle =
  | 'caption'
  | 'paragraph'
  | 'short-phrase'
  | 'number'
  | 'yes-no'
  | 'letter-with-explanation'
  | 'phrase-with-explanation'
  | 'box'
  | 'region-phrase'
  | 'object-list'
  | 'open-ended';

/** Answer styles of a few words; every other style counts as long when dialogs are mixed. */
export const SHORT_ANSWER_STYLES: ReadonlySet<AnswerStyle> = new Set(['short-phrase', 'number', 'yes-no', 'box', 'region-phrase']);

/**
 * An instruction template as data. `text` may hold the slots `{question}`, `{choices}`, `{statement}`,
 * `{expression}` and `{box}`; `paraphrases` are alternatives with the same slots and meaning, used when a
 * recipe asks for paraphrased instructions.
 */
export type Template = {
  id: string;
  /** Where the wording comes from: the paper's Table 1, or vift's own for tasks the table does not cover. */
  origin: 'table-1' | 'vift';
  sources: readonly SourceDataset[];
  text: string;
  answerStyle: AnswerStyle;
  paraphrases: readonly string[];
};

/** Fills a template's slots; a slot left without a value is a programming error, so it throws. */
export function fillTemplate(text: string, slots: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`template slot ${whole} has no value`);
    return value;
  });
}
