import type { MultipleChoiceAnnotation } from '../annotation.js';
import { readJsonArray } from '../json/read-json-array.js';
import { describeRecord, idForMessage, isRecord, readId, readText, showValue } from '../json/record-fields.js';
import { LoadCounter, type LoaderOptions } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';

/**
 * Streams an A-OKVQA file (`aokvqa_v1p0_train.json`, `aokvqa_v1p0_val.json`: a JSON array of
 * `{split, image_id, question_id, question, choices, correct_choice_idx, direct_answers, rationales}`)
 * as `multiple-choice` annotations: `answerIndex` is `correct_choice_idx`, `rationales` the three
 * written reasons, texts trimmed; `annotationId` the question id. Images are COCO 2017 ids.
 *
 * Throws `SourceFileError` when the file is not a JSON array, when its first record has no `choices`
 * (another set's file), and for the test split, which has no answers. A record with a bad image id,
 * question, choices, answer index or rationales is dropped and counted as malformed.
 */
export async function* loadAokvqa(options: LoaderOptions): AsyncGenerator<MultipleChoiceAnnotation> {
  const { file, images } = options;
  const counter = new LoadCounter('a-okvqa', file);
  for await (const item of readJsonArray(file)) {
    const record = isRecord(item.value) ? item.value : undefined;
    const id = idForMessage(record?.question_id);
    if (item.index === 0 && record !== undefined) checkFirstRecord(file, record, item.byteOffset, id);
    const where = describeRecord({ index: item.index, id });
    if (record === undefined) {
      counter.malformed(`${where}: not a JSON object`);
      continue;
    }
    const cocoId = readId(record.image_id);
    const question = readText(record.question);
    const choices = readChoices(record.choices);
    const answerIndex = record.correct_choice_idx;
    const rationales = readTexts(record.rationales);
    if (id === undefined) counter.malformed(`${where}: "question_id" is ${showValue(record.question_id)}, not a string or number`);
    else if (cocoId === undefined) counter.malformed(`${where}: "image_id" is ${showValue(record.image_id)}, not a whole number`);
    else if (question === undefined) counter.malformed(`${where}: "question" is not a non-empty string`);
    else if (choices === undefined || choices.length < 2) counter.malformed(`${where}: "choices" is ${showValue(record.choices)}, not a list of two or more answers`);
    else if (typeof answerIndex !== 'number' || !Number.isInteger(answerIndex) || answerIndex < 0 || answerIndex >= choices.length) {
      counter.malformed(`${where}: "correct_choice_idx" is ${showValue(answerIndex)}, not an index into its ${choices.length} choices`);
    } else if (rationales === undefined) counter.malformed(`${where}: "rationales" is ${showValue(record.rationales)}, not a list of strings`);
    else if (counter.keeps(cocoId, images)) {
      counter.yielded();
      yield { kind: 'multiple-choice', dataset: 'a-okvqa', cocoId, annotationId: id, question, choices, answerIndex, rationales };
    }
  }
  counter.finish(options.report);
}

function checkFirstRecord(file: string, record: Record<string, unknown>, byteOffset: number, id: string | undefined): void {
  const place = { file, index: 0, byteOffset, ...(id === undefined ? {} : { id }) };
  if (!('choices' in record)) {
    throw new SourceFileError({
      ...place,
      message: 'the records have no "choices"',
      fix: 'is it an A-OKVQA file? Pass aokvqa_v1p0_train.json or aokvqa_v1p0_val.json',
    });
  }
  if (!('correct_choice_idx' in record)) {
    throw new SourceFileError({
      ...place,
      message: `the records have no "correct_choice_idx"${record.split === 'test' ? ' (the test split keeps its answers private)' : ''}`,
      fix: 'pass aokvqa_v1p0_train.json or aokvqa_v1p0_val.json, which have answers',
    });
  }
}

/** The choices, trimmed; undefined when one is not a non-empty string (the answer index would shift). */
function readChoices(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const choices = value.map(readText);
  return choices.every((choice) => choice !== undefined) ? (choices as string[]) : undefined;
}

/** Every string of a list, trimmed, blanks left out; undefined when it is not a list of strings. */
function readTexts(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) return undefined;
  return value.map((entry: string) => entry.trim()).filter((entry) => entry !== '');
}
