import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DialogAnnotation } from '../src/annotation.js';
import { SourceFileError } from '../src/source-error.js';
import { loadVisDial } from '../src/visdial/load-visdial.js';
import { extraFixture, imagesWithIds, reports } from './extra-fixtures.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const file = extraFixture('visdial/visdial_1.0_train.json');
const temporaryFolder = useTempFolders();

type VisDialFile = { version: string; split: string; data: { questions: string[]; answers: string[]; dialogs: unknown[] } };

const expected: DialogAnnotation[] = [
  {
    kind: 'dialog',
    dataset: 'visdial',
    cocoId: 205401,
    annotationId: '205401',
    caption: 'a plane floating on top of a lake surrounded by mountains',
    rounds: [
      { question: 'is it a seaplane', answer: 'yes it looks like one' },
      { question: 'are there any people', answer: 'yes 2' },
      { question: 'is there a boat', answer: 'yes a small boat beside the plane' },
      { question: 'are there mountains', answer: 'yes in the background' },
    ],
  },
  {
    kind: 'dialog',
    dataset: 'visdial',
    cocoId: 802,
    annotationId: '802',
    caption: 'a kitchen with a refrigerator, stove and oven with cabinets',
    rounds: [
      { question: 'what color is the refrigerator', answer: 'white' },
      { question: 'are there any people', answer: 'no' },
      { question: 'what color are the cabinets', answer: 'brown wood' },
    ],
  },
  {
    kind: 'dialog',
    dataset: 'visdial',
    cocoId: 139,
    annotationId: '139',
    caption: 'a woman stands in the dining area at the table',
    rounds: [
      { question: 'is there a tv', answer: 'yes 2 of them' },
      { question: 'are there chairs', answer: 'yes around the table' },
    ],
  },
];

async function fixtureContent(): Promise<VisDialFile> {
  return JSON.parse(await readFile(file, 'utf8')) as VisDialFile;
}

/** Writes `content` with its top-level and `data` members in the given orders. */
async function writeOrdered(name: string, content: VisDialFile, top: string[], data: string[]): Promise<string> {
  const path = join(await temporaryFolder(), name);
  const dataText = data.map((key) => `${JSON.stringify(key)}:${JSON.stringify(content.data[key as keyof VisDialFile['data']])}`).join(',');
  const parts = top.map((key) => (key === 'data' ? `"data":{${dataText}}` : `${JSON.stringify(key)}:${JSON.stringify(content[key as 'version' | 'split'])}`));
  await writeFile(path, `{${parts.join(',')}}`);
  return path;
}

describe('loadVisDial', () => {
  it('resolves every round of the fixture to its question and answer', async () => {
    const { list, report } = reports();
    expect(await collect(loadVisDial({ file, report }))).toEqual(expected);
    expect(list).toEqual([{ dataset: 'visdial', file, annotations: 3, droppedNotCoco: 0, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('keeps only the given images', async () => {
    const { list, report } = reports();
    expect((await collect(loadVisDial({ file, images: imagesWithIds([802]), report }))).map((dialog) => dialog.cocoId)).toEqual([802]);
    expect(list[0]).toMatchObject({ annotations: 1, droppedUnknownImage: 2 });
  });

  it('reads the same dialogs when the file lists them before the questions and answers, and the split last', async () => {
    const content = await fixtureContent();
    const reordered = await writeOrdered('dialogs.json', content, ['data', 'version', 'split'], ['dialogs', 'answers', 'questions']);
    expect(await collect(loadVisDial({ file: reordered }))).toEqual(expected);
  });

  it('drops the dialogs of VisDial 1.0 val and test, whose images are not COCO images, told by name or by members', async () => {
    const content = await fixtureContent();
    const byName = await writeOrdered('visdial_1.0_val.json', { ...content, split: 'train' }, ['version', 'split', 'data'], ['questions', 'answers', 'dialogs']);
    const byMembersFirst = await writeOrdered('dialogs-val.json', { ...content, split: 'val' }, ['version', 'split', 'data'], ['questions', 'answers', 'dialogs']);
    const byMembersLast = await writeOrdered('dialogs-test.json', { ...content, split: 'test' }, ['data', 'split', 'version'], ['questions', 'answers', 'dialogs']);
    for (const path of [byName, byMembersFirst, byMembersLast]) {
      const { list, report } = reports();
      expect(await collect(loadVisDial({ file: path, report }))).toEqual([]);
      expect(list[0]).toMatchObject({ annotations: 0, droppedNotCoco: 3 });
    }
    // VisDial 0.9's val split is on COCO val2014 images.
    const older = await writeOrdered('visdial_0.9_val.json', { ...content, version: '0.9', split: 'val' }, ['version', 'split', 'data'], ['questions', 'answers', 'dialogs']);
    expect(await collect(loadVisDial({ file: older }))).toHaveLength(3);
  });

  it('stops at the first round without an answer and counts malformed dialogs', async () => {
    const content = await fixtureContent();
    content.data.dialogs = [
      { image_id: 11, caption: 'a kitchen', dialog: [{ question: 4, answer: 3 }, { question: 1 }] },
      { image_id: 'x', caption: 'a kitchen', dialog: [] },
      { image_id: 12, caption: 'a kitchen', dialog: [{ question: 99, answer: 3 }] },
      { image_id: 13, caption: 'a kitchen', dialog: [{ question: 4, answer: 50 }] },
      { image_id: 14, dialog: [{ question: 4 }] },
      { image_id: 15, dialog: [{ question: -1, answer: 3 }] },
      { image_id: 16, dialog: 'none' },
    ];
    const path = await writeOrdered('visdial_1.0_train.json', content, ['version', 'split', 'data'], ['questions', 'answers', 'dialogs']);
    const { list, report } = reports();
    const dialogs = await collect(loadVisDial({ file: path, report }));
    expect(dialogs).toEqual([{ kind: 'dialog', dataset: 'visdial', cocoId: 11, annotationId: '11', caption: 'a kitchen', rounds: [{ question: 'what color is the refrigerator', answer: 'white' }] }]);
    expect(list[0]!.droppedMalformed).toBe(6);
    expect(list[0]!.examples).toEqual([
      '"dialogs"[1] (id x): "image_id" is "x", not a whole number',
      '"dialogs"[2] (id 12) round 0: question 99 is not among the 8 questions',
      '"dialogs"[3] (id 13) round 0: answer 50 is not among the 10 answers',
      '"dialogs"[4] (id 14): no round has an answer',
      '"dialogs"[5] (id 15) round 0: "question" is -1, not an index',
    ]);
  });

  it('refuses a file without the answers list, naming it', async () => {
    const content = await fixtureContent();
    const path = await writeOrdered('visdial_1.0_train.json', content, ['version', 'split', 'data'], ['questions', 'dialogs']);
    const error = await caught(() => collect(loadVisDial({ file: path })));
    expect(SourceFileError.isInstance(error)).toBe(true);
    expect((error as SourceFileError).message).toBe(`${path}: there is no "data"."answers" array`);
  });
});
