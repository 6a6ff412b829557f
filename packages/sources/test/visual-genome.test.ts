import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CocoImage, LoadReport } from '../src/annotation.js';
import { loadCocoImages } from '../src/coco/load-coco-images.js';
import { SourceFileError } from '../src/source-error.js';
import { loadVisualGenomeImages } from '../src/visual-genome/load-visual-genome-images.js';
import { loadVisualGenomeQuestions } from '../src/visual-genome/load-visual-genome-questions.js';
import { loadVisualGenomeRegions } from '../src/visual-genome/load-visual-genome-regions.js';
import { caught, collect, fixture } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const realImageData = fixture('vg/image_data_samples.json');
const syntheticImageData = fixture('vg/synthetic/image_data_with_coco_ids.json');
const malformedImageData = fixture('vg/synthetic/image_data_malformed_coco_id.json');
const regions = fixture('vg/region_descriptions_complete10.json');
const questions = fixture('vg/question_answers_complete10.json');
const allennlpQuestions = fixture('vg/question_answers_allennlp.json');
const captions7 = fixture('coco/derived/captions_val2017_7img.json');

async function cocoImages(): Promise<Map<number, CocoImage>> {
  const images = new Map<number, CocoImage>();
  for await (const image of loadCocoImages({ file: captions7 })) images.set(image.cocoId, image);
  return images;
}

const temporaryFolder = useTempFolders();

describe('loadVisualGenomeImages', () => {
  it('keeps no image of the real sample, whose 100 images all have a null coco_id', async () => {
    expect((await loadVisualGenomeImages({ file: realImageData })).size).toBe(0);
  });

  it('maps VG ids to COCO ids with the size of VG’s copy, reading a coco_id written as digits', async () => {
    const map = await loadVisualGenomeImages({ file: syntheticImageData });
    expect([...map]).toEqual([
      [11, { cocoId: 397133, width: 800, height: 534 }],
      [12, { cocoId: 139, width: 800, height: 533 }],
      [13, { cocoId: 34417, width: 800, height: 600 }],
    ]);
  });

  it('throws naming the file, the record and the image id for a malformed coco_id', async () => {
    const error = await caught(() => loadVisualGenomeImages({ file: malformedImageData }));
    expect(SourceFileError.isInstance(error) && error.toLine()).toBe(
      `${malformedImageData} record 1 (id 2, at byte 149): "coco_id" is "12a", not a whole number or null. Fix: is it Visual Genome's image_data.json? Download it again from the Visual Genome site`,
    );
    expect(error).toMatchObject({ index: 1, id: '2', byteOffset: 149 });
    const folder = await temporaryFolder();
    for (const [cocoId, shown] of [
      ['-5', '-5'],
      ['3.5', '3.5'],
      ['true', 'true'],
      ['"1e3"', '"1e3"'],
      ['{}', '{}'],
    ] as const) {
      const file = join(folder, 'image_data.json');
      await writeFile(file, `[{"image_id": 1, "coco_id": null}, {"image_id": 7, "width": 800, "height": 600, "coco_id": ${cocoId}}]`);
      const variant = await caught(() => loadVisualGenomeImages({ file }));
      expect(SourceFileError.isInstance(variant) && variant.message).toBe(`${file} record 1 (id 7, at byte 35): "coco_id" is ${shown}, not a whole number or null`);
    }
  });

  it('reads the version 1.0 id name and throws for a record without an image id', async () => {
    const file = join(await temporaryFolder(), 'image_data.json');
    await writeFile(file, '[{"id": 3, "coco_id": 42, "width": 640, "height": 480}]');
    expect([...(await loadVisualGenomeImages({ file }))]).toEqual([[3, { cocoId: 42, width: 640, height: 480 }]]);
    await writeFile(file, '[{"coco_id": 42}]');
    const error = await caught(() => loadVisualGenomeImages({ file }));
    expect(SourceFileError.isInstance(error) && error.message).toBe(`${file} record 0 (at byte 1): the image id ("image_id" or "id") is nothing, not a whole number`);
  });

  it('throws for a file that is not a top-level array', async () => {
    const error = await caught(() => loadVisualGenomeImages({ file: captions7 }));
    expect(SourceFileError.isInstance(error) && error.message).toBe(`${captions7} (at byte 0): the top level is a JSON object, not a JSON array of records`);
  });
});

describe('loadVisualGenomeRegions', () => {
  it('drops every region of the real sample as not COCO, and counts them', async () => {
    const vgToCoco = await loadVisualGenomeImages({ file: realImageData });
    let report: LoadReport | undefined;
    const yielded = await collect(loadVisualGenomeRegions({ file: regions, vgToCoco, report: (value) => (report = value) }));
    expect(yielded).toEqual([]);
    expect(report).toEqual({ dataset: 'vg-region', file: regions, annotations: 0, droppedNotCoco: 947, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] });
  });

  it('yields the regions of VG images with a COCO id, boxes in VG pixels when COCO sizes are not given', async () => {
    const vgToCoco = await loadVisualGenomeImages({ file: syntheticImageData });
    let report: LoadReport | undefined;
    const yielded = await collect(loadVisualGenomeRegions({ file: regions, vgToCoco, report: (value) => (report = value) }));
    // VG images 11, 12 and 13 hold 95, 93 and 99 regions.
    expect(yielded).toHaveLength(287);
    expect(yielded[0]).toEqual({ kind: 'region', dataset: 'vg-region', cocoId: 397133, annotationId: '4182', phrase: 'it is an indoor scene', box: [45, 30, 545, 436] });
    expect(yielded.filter((region) => region.cocoId === 139)).toHaveLength(93);
    expect(yielded.filter((region) => region.cocoId === 34417)[0]).toMatchObject({ annotationId: '4202', phrase: 'BLACK TELEPHONE ON A DESK', box: [452, 224, 115, 102] });
    expect(yielded.every((region) => region.phrase === region.phrase.trim() && region.phrase !== '')).toBe(true);
    expect(report).toMatchObject({ annotations: 287, droppedNotCoco: 660, droppedUnknownImage: 0 });
  });

  it('scales boxes to the COCO image when its size is known, and drops regions on images not in the list', async () => {
    const vgToCoco = await loadVisualGenomeImages({ file: syntheticImageData });
    const images = await cocoImages();
    images.delete(139);
    let report: LoadReport | undefined;
    const yielded = await collect(loadVisualGenomeRegions({ file: regions, vgToCoco, images, report: (value) => (report = value) }));
    expect(yielded).toHaveLength(194);
    // 397133 is 640 × 427 in COCO and 800 × 534 in VG.
    expect(yielded[0]?.box).toEqual([36, 23.99, 436, 348.64]);
    // 34417 is 500 × 375 in COCO and 800 × 600 in VG: a scale of 0.625 both ways.
    expect(yielded.find((region) => region.annotationId === '4202')?.box).toEqual([282.5, 140, 71.88, 63.75]);
    expect(report).toMatchObject({ annotations: 194, droppedNotCoco: 660, droppedUnknownImage: 93 });
  });

  it('counts malformed regions, and throws for a file of another kind', async () => {
    const file = join(await temporaryFolder(), 'region_descriptions.json');
    await writeFile(
      file,
      JSON.stringify([
        { id: 11, regions: [{ region_id: 1, image_id: 11, phrase: ' a cup ', x: 1, y: 2, width: 3, height: 4 }, { region_id: 2, image_id: 11, phrase: '', x: 1, y: 2, width: 3, height: 4 }] },
        { id: 12, regions: [{ region_id: 3, image_id: 12, phrase: 'a desk', x: 1, y: 'two', width: 3, height: 4 }] },
        { id: 13 },
      ]),
    );
    const vgToCoco = new Map([
      [11, { cocoId: 5 }],
      [12, { cocoId: 6 }],
      [13, { cocoId: 7 }],
    ]);
    let report: LoadReport | undefined;
    const yielded = await collect(loadVisualGenomeRegions({ file, vgToCoco, report: (value) => (report = value) }));
    expect(yielded).toEqual([{ kind: 'region', dataset: 'vg-region', cocoId: 5, annotationId: '1', phrase: 'a cup', box: [1, 2, 3, 4] }]);
    expect(report?.examples).toEqual([
      'record 0 (id 11) "regions"[1] (id 2): "phrase" is not a non-empty string',
      'record 1 (id 12) "regions"[0] (id 3): "x", "y", "width" and "height" must be numbers, the size at least 0',
      'record 2 (id 13): no "regions" list',
    ]);
    const wrong = await caught(() => collect(loadVisualGenomeRegions({ file: questions, vgToCoco })));
    expect(SourceFileError.isInstance(wrong) && wrong.toLine()).toBe(
      `${questions} record 0 (id 1, at byte 1): the image records have no "regions" list. Fix: is it Visual Genome's region_descriptions.json?`,
    );
  });
});

describe('loadVisualGenomeQuestions', () => {
  it('yields the questions of VG images with a COCO id, texts as VG wrote them', async () => {
    const vgToCoco = await loadVisualGenomeImages({ file: syntheticImageData });
    let report: LoadReport | undefined;
    const yielded = await collect(loadVisualGenomeQuestions({ file: questions, vgToCoco, report: (value) => (report = value) }));
    // VG images 11, 12 and 13 hold 48, 49 and 68 questions; the other 7 images 503.
    expect(yielded).toHaveLength(165);
    expect(yielded[0]).toEqual({
      kind: 'question',
      dataset: 'vg-qa',
      cocoId: 397133,
      annotationId: '988387',
      question: 'What color is the seat cushion on the chair?',
      answer: 'Beige.',
    });
    expect(yielded.at(-1)).toMatchObject({ cocoId: 34417, annotationId: '988567', question: 'Where are pens?', answer: 'In a cup.' });
    expect(report).toEqual({ dataset: 'vg-qa', file: questions, annotations: 165, droppedNotCoco: 503, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] });
  });

  it('drops the questions of non-COCO images in the real files', async () => {
    const vgToCoco = await loadVisualGenomeImages({ file: realImageData });
    let report: LoadReport | undefined;
    expect(await collect(loadVisualGenomeQuestions({ file: allennlpQuestions, vgToCoco, report: (value) => (report = value) }))).toEqual([]);
    expect(report).toMatchObject({ annotations: 0, droppedNotCoco: 8 });
    // The same file with VG image 4 mapped to a COCO image.
    const mapped = await collect(loadVisualGenomeQuestions({ file: allennlpQuestions, vgToCoco: new Map([[4, { cocoId: 397133 }]]) }));
    expect(mapped.map((question) => [question.annotationId, question.question, question.answer])).toEqual([
      ['987278', 'What is on the curtains?', 'Sailboats.'],
      ['987282', 'Where was the photo taken?', 'In a room.'],
      ['987283', 'What color is the couch?', 'Purple.'],
      ['987284', 'What is the table made out of?', 'Glass.'],
      ['987285', 'What is on the couch?', 'A teddy bear.'],
    ]);
  });

  it('throws for a file of another kind', async () => {
    const vgToCoco = await loadVisualGenomeImages({ file: syntheticImageData });
    const error = await caught(() => collect(loadVisualGenomeQuestions({ file: regions, vgToCoco })));
    expect(SourceFileError.isInstance(error) && error.message).toBe(`${regions} record 0 (id 11, at byte 1): the image records have no "qas" list`);
    expect((error as SourceFileError).fix).toBe("is it Visual Genome's question_answers.json?");
  });
});
