import { describe, expect, it } from 'vitest';
import { loadAokvqa } from '../src/a-okvqa/load-aokvqa.js';
import { SourceFileError } from '../src/source-error.js';
import { extraFixture, imagesWithIds, reports, writeRecords } from './extra-fixtures.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const file = extraFixture('aokvqa/aokvqa_v1p0_val.json');
const temporaryFolder = useTempFolders();

/** A valid A-OKVQA record, to vary in the bad-input tests. */
function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    split: 'train',
    image_id: 802,
    question_id: 'q0',
    question: 'Which appliance keeps food cold?',
    choices: ['oven', 'refrigerator', 'stove', 'sink'],
    correct_choice_idx: 1,
    direct_answers: Array.from({ length: 10 }, () => 'refrigerator'),
    difficult_direct_answer: false,
    rationales: ['A refrigerator keeps food cold.'],
    ...overrides,
  };
}

describe('loadAokvqa', () => {
  it('reads every question of the fixture as a multiple-choice annotation', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadAokvqa({ file, report }));
    expect(annotations.map((annotation) => [annotation.cocoId, annotation.annotationId, annotation.choices[annotation.answerIndex]])).toEqual([
      [205401, 'vift-aokvqa-val-0001', 'seaplane'],
      [397133, 'vift-aokvqa-val-0002', 'pizza'],
      [34417, 'vift-aokvqa-val-0003', 'in a factory'],
      [117645, 'vift-aokvqa-val-0004', 'winter'],
      [11813, 'vift-aokvqa-val-0005', 'a laptop'],
    ]);
    expect(annotations[0]).toEqual({
      kind: 'multiple-choice',
      dataset: 'a-okvqa',
      cocoId: 205401,
      annotationId: 'vift-aokvqa-val-0001',
      question: 'What kind of aircraft is resting on the lake?',
      choices: ['seaplane', 'helicopter', 'hot air balloon', 'glider'],
      answerIndex: 0,
      rationales: [
        'The plane is sitting in the water of a lake, so it must have floats for landing on water.',
        'A plane that can float on a lake is a seaplane.',
        'It is parked in shallow water next to a small boat.',
      ],
    });
    expect(list).toEqual([{ dataset: 'a-okvqa', file, annotations: 5, droppedNotCoco: 0, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('keeps only the given images, counting the others', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadAokvqa({ file, images: imagesWithIds([205401, 11813]), report }));
    expect(annotations.map((annotation) => annotation.cocoId)).toEqual([205401, 11813]);
    expect(list[0]).toMatchObject({ annotations: 2, droppedUnknownImage: 3 });
  });

  it('counts malformed records with their index and id, and reads the rest', async () => {
    const folder = await temporaryFolder();
    const bad = await writeRecords(folder, 'aokvqa_v1p0_train.json', [
      record(),
      'not a record',
      record({ question_id: 'q2', correct_choice_idx: 4 }),
      record({ question_id: 'q3', choices: ['oven', ' ', 'stove'] }),
      record({ question_id: 'q4', image_id: '802' }),
      record({ question_id: undefined }),
      record({ question_id: 'q6', rationales: 'A refrigerator keeps food cold.' }),
      record({ question_id: 'q7', question: '  Which one is cold?  ', rationales: ['  cold ', ''] }),
    ]);
    const { list, report } = reports();
    const annotations = await collect(loadAokvqa({ file: bad, report }));
    expect(annotations.map((annotation) => annotation.annotationId)).toEqual(['q0', 'q7']);
    expect(annotations[1]).toMatchObject({ question: 'Which one is cold?', rationales: ['cold'] });
    expect(list[0]!.droppedMalformed).toBe(6);
    expect(list[0]!.examples).toEqual([
      'record 1: not a JSON object',
      'record 2 (id q2): "correct_choice_idx" is 4, not an index into its 4 choices',
      'record 3 (id q3): "choices" is ["oven"," ","stove"], not a list of two or more answers',
      'record 4 (id q4): "image_id" is "802", not a whole number',
      'record 5: "question_id" is nothing, not a string or number',
    ]);
  });

  it('refuses a file whose records have no choices, naming the key', async () => {
    const folder = await temporaryFolder();
    const other = await writeRecords(folder, 'other.json', [{ image_id: 1, question: 'Why?', answer: 'because' }]);
    const error = await caught(() => collect(loadAokvqa({ file: other })));
    expect(SourceFileError.isInstance(error)).toBe(true);
    expect((error as SourceFileError).message).toBe(`${other} record 0 (at byte 1): the records have no "choices"`);
  });

  it('refuses the test split, which has no answers', async () => {
    const folder = await temporaryFolder();
    const test = await writeRecords(folder, 'aokvqa_v1p0_test.json', [{ split: 'test', image_id: 1, question_id: 't0', question: 'Why?', choices: ['a', 'b'] }]);
    const error = await caught(() => collect(loadAokvqa({ file: test })));
    expect((error as SourceFileError).message).toMatch(/the records have no "correct_choice_idx" \(the test split keeps its answers private\)$/);
    expect((error as SourceFileError).fix).toMatch(/aokvqa_v1p0_train\.json/);
  });
});
