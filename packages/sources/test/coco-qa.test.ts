import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCocoQa } from '../src/coco-qa/load-coco-qa.js';
import { SourceFileError } from '../src/source-error.js';
import { extraFixture, imagesWithIds, reports } from './extra-fixtures.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const folder = extraFixture('coco-qa/test');
const temporaryFolder = useTempFolders();

async function writeSplit(lines: { questions: string; answers: string; imageIds: string; types: string }): Promise<string> {
  const split = join(await temporaryFolder(), 'train');
  await mkdir(split);
  await writeFile(join(split, 'questions.txt'), lines.questions);
  await writeFile(join(split, 'answers.txt'), lines.answers);
  await writeFile(join(split, 'img_ids.txt'), lines.imageIds);
  await writeFile(join(split, 'types.txt'), lines.types);
  return split;
}

describe('loadCocoQa', () => {
  it('reads the four files line by line: number questions as counts, the others as questions', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadCocoQa({ folder, report }));
    expect(annotations.map((annotation) => [annotation.kind, annotation.cocoId, annotation.answer])).toEqual([
      ['question', 205401, 'plane'],
      ['question', 802, 'white'],
      ['question', 397133, 'kitchen'],
      ['count', 205401, 2],
      ['question', 11813, 'camera'],
      ['count', 397133, 2],
      ['question', 117645, 'snowboard'],
      ['question', 34417, 'factory'],
      ['question', 802, 'white'],
    ]);
    expect(annotations[3]).toEqual({ kind: 'count', dataset: 'coco-qa', cocoId: 205401, annotationId: '3', question: 'how many people are near the seaplane', answer: 2 });
    expect(annotations[0]).toEqual({ kind: 'question', dataset: 'coco-qa', cocoId: 205401, annotationId: '0', question: 'what is floating on top of a lake surrounded by mountains', answer: 'plane' });
    expect(list).toEqual([{ dataset: 'coco-qa', file: join(folder, 'questions.txt'), annotations: 9, droppedNotCoco: 0, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('keeps only the given images', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadCocoQa({ folder, images: imagesWithIds([802]), report }));
    expect(annotations.map((annotation) => annotation.annotationId)).toEqual(['1', '8']);
    expect(list[0]).toMatchObject({ annotations: 2, droppedUnknownImage: 7 });
  });

  it('counts malformed lines by number, with Windows line ends and no final newline', async () => {
    const split = await writeSplit({
      questions: 'how many dogs are there\r\nwhat is red\r\nwhat is blue\r\nhow many cats\r\n\r\nwhere is it',
      answers: 'three\r\napple\r\nsky\r\nmany\r\nbowl\r\nkitchen',
      imageIds: '139\r\n139\r\n13a\r\n139\r\n139\r\n139',
      types: '1\r\n0\r\n0\r\n1\r\n0\r\n4',
    });
    const { list, report } = reports();
    const annotations = await collect(loadCocoQa({ folder: split, report }));
    expect(annotations).toEqual([
      { kind: 'count', dataset: 'coco-qa', cocoId: 139, annotationId: '0', question: 'how many dogs are there', answer: 3 },
      { kind: 'question', dataset: 'coco-qa', cocoId: 139, annotationId: '1', question: 'what is red', answer: 'apple' },
    ]);
    expect(list[0]!.examples).toEqual([
      'line 3: the image id "13a" in img_ids.txt is not a whole number',
      'line 4: the number question\'s answer "many" is not a number',
      'line 5: the question is empty',
      'line 6: the type "4" in types.txt is not 0, 1, 2 or 3',
    ]);
  });

  it('refuses files of different lengths, and a missing file', async () => {
    const split = await writeSplit({ questions: 'what is red\nwhat is blue\n', answers: 'apple\n', imageIds: '139\n139\n', types: '0\n0\n' });
    const error = await caught(() => collect(loadCocoQa({ folder: split })));
    expect(SourceFileError.isInstance(error)).toBe(true);
    expect((error as SourceFileError).message).toBe(`${join(split, 'answers.txt')}: has 1 line, but questions.txt, img_ids.txt and types.txt go on`);
    const missing = await caught(() => collect(loadCocoQa({ folder: join(split, 'nowhere') })));
    expect((missing as SourceFileError).message).toMatch(/questions\.txt: no such file$/);
  });
});
