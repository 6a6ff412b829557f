import { describe, expect, it } from 'vitest';
import { SourceFileError } from '../src/source-error.js';
import { loadStVqa } from '../src/st-vqa/load-st-vqa.js';
import { extraFixture, imagesWithIds, reports, writeRecords } from './extra-fixtures.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const file = extraFixture('st-vqa/train_task_3.json');
const temporaryFolder = useTempFolders();

describe('loadStVqa', () => {
  it('keeps the questions on COCO-Text images and counts the others as not COCO', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadStVqa({ file, report }));
    expect(annotations).toEqual([
      { kind: 'question', dataset: 'st-vqa', cocoId: 460229, annotationId: '90001', question: 'What does the red sign say?', answer: 'stop', answers: ['STOP', 'stop', 'stop'] },
      { kind: 'question', dataset: 'st-vqa', cocoId: 551780, annotationId: '90003', question: 'What time does the clock on the building show?', answer: '8:25', answers: ['8:25'] },
    ]);
    expect(list).toEqual([{ dataset: 'st-vqa', file, annotations: 2, droppedNotCoco: 2, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('keeps only the given images', async () => {
    const { list, report } = reports();
    expect(await collect(loadStVqa({ file, images: imagesWithIds([551780]), report }))).toHaveLength(1);
    expect(list[0]).toMatchObject({ annotations: 1, droppedUnknownImage: 1, droppedNotCoco: 2 });
  });

  it('counts malformed questions with their place', async () => {
    const folder = await temporaryFolder();
    const base = { question: 'What does it say?', answers: ['exit'], file_path: 'coco-text/COCO_train2014_000000000025.jpg', set_name: 'train' };
    const bad = await writeRecords(folder, 'train_task_1.json', {
      data: [
        { ...base, question_id: 1 },
        { ...base, question_id: 2, answers: [] },
        { ...base, question_id: 3, file_path: undefined, file_name: 'COCO_train2014_000000000030.jpg' },
        { ...base, question_id: 4, file_path: undefined },
        { ...base, question_id: 5, question: 7 },
      ],
    });
    const { list, report } = reports();
    const annotations = await collect(loadStVqa({ file: bad, report }));
    expect(annotations.map((annotation) => [annotation.annotationId, annotation.cocoId])).toEqual([
      ['1', 25],
      ['3', 30],
    ]);
    expect(list[0]!.examples).toEqual([
      '"data"[1] (id 2): "answers" is [], not a list of answers',
      '"data"[3] (id 4): no "file_path" or "file_name"',
      '"data"[4] (id 5): "question" is not a non-empty string',
    ]);
  });

  it('refuses a test file, whose questions have no answers, and a file without data', async () => {
    const folder = await temporaryFolder();
    const test = await writeRecords(folder, 'test_task_3.json', { data: [{ question_id: 1, question: 'What?', file_path: 'coco-text/COCO_train2014_000000000025.jpg' }] });
    const error = await caught(() => collect(loadStVqa({ file: test })));
    expect(SourceFileError.isInstance(error)).toBe(true);
    expect((error as SourceFileError).message).toMatch(/"data"\[0\] \(id 1, at byte 9\): the questions have no "answers" \(a test file\?\)$/);
    const other = await writeRecords(folder, 'other.json', { questions: [] });
    expect(((await caught(() => collect(loadStVqa({ file: other })))) as SourceFileError).message).toBe(`${other}: there is no "data" array`);
  });
});
