import { describe, expect, it } from 'vitest';
import { loadImageParagraphs } from '../src/image-paragraph/load-image-paragraphs.js';
import { SourceFileError } from '../src/source-error.js';
import { loadVisualGenomeImages } from '../src/visual-genome/load-visual-genome-images.js';
import { extraFixture, imagesWithIds, reports, sampleVisualGenomeImages, writeRecords } from './extra-fixtures.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const file = extraFixture('image-paragraph/paragraphs_v1.json');
const temporaryFolder = useTempFolders();

/** The bundled COCO sample's VG map: 2400054 → COCO 397133, 2400000 → 139, 2400006 → 34417; 2500001 is not COCO. */
async function vgToCoco() {
  return loadVisualGenomeImages({ file: sampleVisualGenomeImages });
}

describe('loadImageParagraphs', () => {
  it('reads the paragraphs on VG images that are COCO images, whitespace made single', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadImageParagraphs({ file, vgToCoco: await vgToCoco(), report }));
    expect(annotations.map((annotation) => [annotation.annotationId, annotation.cocoId])).toEqual([
      ['2400054', 397133],
      ['2400000', 139],
      ['2400006', 34417],
    ]);
    expect(annotations[0]).toEqual({
      kind: 'paragraph',
      dataset: 'image-paragraph',
      cocoId: 397133,
      annotationId: '2400054',
      text: 'A man in an apron is standing in a kitchen. He is rolling dough on a table to make pizzas. Pots and pans hang on the wall behind him. Bowls and cups sit on the table, and an oven is on the left.',
    });
    expect(list).toEqual([{ dataset: 'image-paragraph', file, annotations: 3, droppedNotCoco: 1, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('reads one split and keeps only the given images', async () => {
    const map = await vgToCoco();
    const train = await collect(loadImageParagraphs({ file, vgToCoco: map, splitFile: extraFixture('image-paragraph/train_split.json') }));
    expect(train.map((annotation) => annotation.annotationId)).toEqual(['2400054', '2400006']);
    const val = await collect(loadImageParagraphs({ file, vgToCoco: map, splitFile: extraFixture('image-paragraph/val_split.json') }));
    expect(val.map((annotation) => annotation.annotationId)).toEqual(['2400000']);
    expect(await collect(loadImageParagraphs({ file, vgToCoco: map, splitFile: extraFixture('image-paragraph/test_split.json') }))).toEqual([]);
    const { list, report } = reports();
    const kept = await collect(loadImageParagraphs({ file, vgToCoco: map, images: imagesWithIds([34417]), report }));
    expect(kept.map((annotation) => annotation.cocoId)).toEqual([34417]);
    expect(list[0]).toMatchObject({ annotations: 1, droppedUnknownImage: 2, droppedNotCoco: 1 });
  });

  it('takes the VG id from the url when image_id is missing, and counts malformed records', async () => {
    const folder = await temporaryFolder();
    const bad = await writeRecords(folder, 'paragraphs_v1.json', [
      { url: 'https://cs.stanford.edu/people/rak248/VG_100K_2/2400000.jpg', paragraph: 'A room.' },
      { url: 'https://example.org/picture.png', paragraph: 'A room.' },
      { image_id: 2400006, paragraph: '   ' },
    ]);
    const { list, report } = reports();
    const annotations = await collect(loadImageParagraphs({ file: bad, vgToCoco: await vgToCoco(), report }));
    expect(annotations).toEqual([{ kind: 'paragraph', dataset: 'image-paragraph', cocoId: 139, annotationId: '2400000', text: 'A room.' }]);
    expect(list[0]!.examples).toEqual(['record 1: "image_id" is nothing, not a whole number', 'record 2 (id 2400006): "paragraph" is not a non-empty string']);
  });

  it('refuses a file without paragraphs and a split file of other values', async () => {
    const folder = await temporaryFolder();
    const other = await writeRecords(folder, 'image_data.json', [{ image_id: 1, url: 'x' }]);
    const error = await caught(() => collect(loadImageParagraphs({ file: other, vgToCoco: new Map() })));
    expect(SourceFileError.isInstance(error)).toBe(true);
    expect((error as SourceFileError).message).toBe(`${other} record 0 (id 1, at byte 1): the records have no "paragraph"`);
    const split = await writeRecords(folder, 'train_split.json', [11, '12']);
    const splitError = await caught(() => collect(loadImageParagraphs({ file, vgToCoco: new Map(), splitFile: split })));
    expect((splitError as SourceFileError).message).toBe(`${split} record 1 (at byte 4): "12" is not an image id`);
  });
});
