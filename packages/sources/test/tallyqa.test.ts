import { describe, expect, it } from 'vitest';
import { SourceFileError } from '../src/source-error.js';
import { loadTallyQa } from '../src/tallyqa/load-tallyqa.js';
import { loadVisualGenomeImages } from '../src/visual-genome/load-visual-genome-images.js';
import { extraFixture, imagesWithIds, reports, sampleVisualGenomeImages, writeRecords } from './extra-fixtures.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const file = extraFixture('tallyqa/train.json');
const temporaryFolder = useTempFolders();

describe('loadTallyQa', () => {
  it('reads the questions on COCO images as counts and drops the Visual Genome ones without a map', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadTallyQa({ file, report }));
    expect(annotations.map((annotation) => [annotation.cocoId, annotation.question, annotation.answer])).toEqual([
      [397133, 'How many bowls are there?', 4],
      [139, 'How many chairs are in the room?', 5],
      [139, 'How many vases are there?', 4],
      [205401, 'How many people are in the picture?', 2],
      [205401, 'How many boats are next to the plane?', 1],
      [802, 'How many refrigerators are in the kitchen?', 1],
      [117645, 'How many snowboards are there?', 1],
      [34417, 'How many people are there?', 6],
      [11813, 'How many laptops are there?', 1],
    ]);
    expect(annotations[0]).toEqual({ kind: 'count', dataset: 'tallyqa', cocoId: 397133, annotationId: '30100001', question: 'How many bowls are there?', answer: 4 });
    expect(list).toEqual([{ dataset: 'tallyqa', file, annotations: 9, droppedNotCoco: 2, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('keeps a Visual Genome image that the map says is a COCO image, by the id in its path', async () => {
    const { list, report } = reports();
    // TallyQA's image_id for VG images (92400029) is not the VG id (2400029): the path is what counts.
    const vgToCoco = await loadVisualGenomeImages({ file: sampleVisualGenomeImages });
    const annotations = await collect(loadTallyQa({ file, vgToCoco, images: imagesWithIds([205401]), report }));
    expect(annotations.map((annotation) => [annotation.annotationId, annotation.cocoId, annotation.question, annotation.answer])).toEqual([
      ['30100004', 205401, 'How many people are in the picture?', 2],
      ['30100005', 205401, 'How many boats are next to the plane?', 1],
      ['30000002', 205401, 'How many boats are in the water?', 1],
    ]);
    // 2500001 is a VG-only image in the map (coco_id null).
    expect(list[0]).toMatchObject({ annotations: 3, droppedNotCoco: 1, droppedUnknownImage: 7 });
  });

  it('counts malformed records with their index and id', async () => {
    const folder = await temporaryFolder();
    const base = { image: 'train2014/COCO_train2014_000000000009.jpg', image_id: 9, question: 'How many bowls?', data_source: 'amt' };
    const bad = await writeRecords(folder, 'train.json', [
      { ...base, answer: '3', question_id: 1 },
      { ...base, answer: 2.5, question_id: 2 },
      { ...base, answer: -1, question_id: 3 },
      { ...base, answer: 1, question_id: 4, image: 'flickr/123.jpg' },
      { ...base, answer: 1, question_id: 5, question: ' ' },
      { ...base, answer: 1, question_id: 6, image: 'VG_100K/77.jpg' },
    ]);
    const { list, report } = reports();
    const annotations = await collect(loadTallyQa({ file: bad, report }));
    expect(annotations).toEqual([{ kind: 'count', dataset: 'tallyqa', cocoId: 9, annotationId: '1', question: 'How many bowls?', answer: 3 }]);
    expect(list[0]).toMatchObject({ droppedMalformed: 4, droppedNotCoco: 1 });
    expect(list[0]!.examples).toEqual([
      'record 1 (id 2): "answer" is 2.5, not a whole number',
      'record 2 (id 3): "answer" is -1, not a whole number',
      'record 3 (id 4): "image" "flickr/123.jpg" is neither a COCO nor a Visual Genome path',
      'record 4 (id 5): "question" is not a non-empty string',
    ]);
  });

  it('refuses a file whose records have no answer, naming the key', async () => {
    const folder = await temporaryFolder();
    const other = await writeRecords(folder, 'train.json', [{ image: 'VG_100K/1.jpg', question: 'How many?', question_id: 1 }]);
    const error = await caught(() => collect(loadTallyQa({ file: other })));
    expect(SourceFileError.isInstance(error)).toBe(true);
    expect((error as SourceFileError).message).toBe(`${other} record 0 (id 1, at byte 1): the records have no "answer"`);
  });
});
