import { describe, expect, it } from 'vitest';
import { SourceFileError } from '../src/source-error.js';
import { loadVqaE } from '../src/vqa-e/load-vqa-e.js';
import { extraFixture, imagesWithIds, reports, writeRecords } from './extra-fixtures.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const file = extraFixture('vqa-e/VQA-E_val_set.json');
const temporaryFolder = useTempFolders();

describe('loadVqaE', () => {
  it('reads each question with its answer and the explanation sentence', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadVqaE({ file, report }));
    expect(annotations).toHaveLength(5);
    expect(annotations[0]).toEqual({
      kind: 'explained-answer',
      dataset: 'vqa-e',
      cocoId: 397133,
      annotationId: '0',
      question: 'What is the man making?',
      answer: 'pizza',
      explanation: 'a man is in a kitchen making pizzas',
    });
    expect(annotations.map((annotation) => [annotation.cocoId, annotation.answer])).toEqual([
      [397133, 'pizza'],
      [117645, 'snowboard'],
      [802, 'white'],
      [11813, 'tripod'],
      [34417, 'donuts'],
    ]);
    expect(list).toEqual([{ dataset: 'vqa-e', file, annotations: 5, droppedNotCoco: 0, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('keeps only the given images', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadVqaE({ file, images: imagesWithIds([802]), report }));
    expect(annotations.map((annotation) => annotation.annotationId)).toEqual(['2']);
    expect(list[0]).toMatchObject({ annotations: 1, droppedUnknownImage: 4 });
  });

  it('takes the most frequent answer when there is no multiple_choice_answer, and counts malformed records', async () => {
    const folder = await temporaryFolder();
    const base = { img_id: 802, question: 'What color is it?', question_type: 'what color is the' };
    const bad = await writeRecords(folder, 'VQA-E_train_set.json', [
      { ...base, answers: ['white', 'grey', 'grey', 'white', 'grey'], explanation: ['a white oven', 0.5] },
      { ...base, img_id: null, multiple_choice_answer: 'white', explanation: ['a white oven', 0.5] },
      { ...base, multiple_choice_answer: 'white', explanation: [] },
      { ...base, explanation: ['a white oven', 0.5] },
      { ...base, multiple_choice_answer: 'white', explanation: 'a white oven and a white refrigerator' },
    ]);
    const { list, report } = reports();
    const annotations = await collect(loadVqaE({ file: bad, report }));
    expect(annotations.map((annotation) => [annotation.annotationId, annotation.answer, annotation.explanation])).toEqual([
      ['0', 'grey', 'a white oven'],
      ['4', 'white', 'a white oven and a white refrigerator'],
    ]);
    expect(list[0]!.examples).toEqual([
      'record 1: "img_id" is null, not a whole number',
      'record 2 (id 802): "explanation" is [], not [sentence, score]',
      'record 3 (id 802): no "multiple_choice_answer" and no "answers"',
    ]);
  });

  it('refuses a file whose records have no explanation, naming the key', async () => {
    const folder = await temporaryFolder();
    const other = await writeRecords(folder, 'vqa.json', [{ img_id: 1, question: 'Why?', answers: ['because'] }]);
    const error = await caught(() => collect(loadVqaE({ file: other })));
    expect(SourceFileError.isInstance(error)).toBe(true);
    expect((error as SourceFileError).message).toBe(`${other} record 0 (at byte 1): the records have no "explanation" (a VQA annotations file?)`);
  });
});
