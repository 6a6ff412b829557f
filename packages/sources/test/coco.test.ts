import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CocoImage, LoadReport } from '../src/annotation.js';
import { loadCocoCaptions } from '../src/coco/load-coco-captions.js';
import { loadCocoImages } from '../src/coco/load-coco-images.js';
import { loadCocoInstances } from '../src/coco/load-coco-instances.js';
import { SourceFileError } from '../src/source-error.js';
import { caught, collect, fixture } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const captionsVal = fixture('coco/captions_val2017.json');
const captionsTrain = fixture('coco/captions_train2017.json');
const instancesVal = fixture('coco/instances_val2017.json');
const instancesTrain = fixture('coco/instances_train2017.json');
const captions7 = fixture('coco/derived/captions_val2017_7img.json');
const instances7 = fixture('coco/derived/instances_val2017_7img.json');
const captions2014 = fixture('coco/2014/captions_val2014_samples.json');
const vqaQuestions = fixture('vqav2/questions.json');

type CocoFile = {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: { id: number; image_id: number; caption?: string; category_id?: number; bbox?: number[]; iscrowd?: number }[];
  categories?: { id: number; name: string }[];
};

async function readWhole(file: string): Promise<CocoFile> {
  return JSON.parse(await readFile(file, 'utf8')) as CocoFile;
}

/** Where the first annotation starts in a file written by Python's json.dump. */
async function annotationsStart(file: string): Promise<number> {
  const bytes = await readFile(file);
  return bytes.indexOf('"annotations": [') + '"annotations": ['.length;
}

async function imageMap(file: string): Promise<Map<number, CocoImage>> {
  const images = new Map<number, CocoImage>();
  for await (const image of loadCocoImages({ file })) images.set(image.cocoId, image);
  return images;
}

const temporaryFolder = useTempFolders();

describe('loadCocoImages', () => {
  it('reads every image of a 2017 file with its size and the split from the file name', async () => {
    const images = await collect(loadCocoImages({ file: captionsVal }));
    expect(images).toHaveLength(79);
    expect(images[0]).toEqual({ cocoId: 397133, fileName: '000000397133.jpg', width: 640, height: 427, split: 'val2017' });
    expect(new Set(images.map((image) => image.split))).toEqual(new Set(['val2017']));
    // The instances file of the same split lists the same images.
    const fromInstances = await collect(loadCocoImages({ file: instancesVal }));
    expect(fromInstances.map((image) => image.cocoId).sort()).toEqual(images.map((image) => image.cocoId).sort());
    const train = await collect(loadCocoImages({ file: captionsTrain }));
    expect(train).toHaveLength(80);
    expect(train[0]).toEqual({ cocoId: 493652, fileName: '000000493652.jpg', width: 640, height: 399, split: 'train2017' });
  });

  it('reads a 2014 file, and takes the split from the image when the file name has none', async () => {
    const images = await collect(loadCocoImages({ file: captions2014 }));
    expect(images).toHaveLength(100);
    expect(images[0]).toEqual({ cocoId: 391895, fileName: 'COCO_val2014_000000391895.jpg', width: 640, height: 360, split: 'val2014' });
    const renamed = join(await temporaryFolder(), 'captions.json');
    await copyFile(captions2014, renamed);
    expect((await collect(loadCocoImages({ file: renamed })))[0]?.split).toBe('val2014');
  });

  it('throws naming the file when there is no images array, and for a broken image record', async () => {
    const noImages = await caught(() => collect(loadCocoImages({ file: vqaQuestions })));
    expect(SourceFileError.isInstance(noImages) && noImages.message).toBe(`${vqaQuestions}: there is no "images" array`);
    const file = join(await temporaryFolder(), 'instances_val2017.json');
    await writeFile(file, '{"images": [{"id": 1, "file_name": "a.jpg", "width": 10, "height": 10}, {"id": 2, "file_name": "b.jpg", "width": 0, "height": 5}]}');
    const broken = await caught(() => collect(loadCocoImages({ file })));
    expect(SourceFileError.isInstance(broken) && broken.message).toBe(`${file} "images"[1] (id 2, at byte 72): "width" and "height" must be positive numbers`);
  });
});

describe('loadCocoCaptions', () => {
  it('yields every caption of the val2017 file in order, trimmed, with a report', async () => {
    const reports: LoadReport[] = [];
    const captions = await collect(loadCocoCaptions({ file: captionsVal, report: (report) => reports.push(report) }));
    expect(captions).toHaveLength(395);
    expect(captions[0]).toEqual({
      kind: 'caption',
      dataset: 'coco-caption',
      cocoId: 205401,
      annotationId: '221865',
      text: 'A plane floating on top of a lake surrounded by mountains.',
    });
    expect(captions.at(-1)?.text).toBe('Food set out on an outdoor picnic table.');
    // 53 captions of the file have spaces or a newline around them.
    const whole = await readWhole(captionsVal);
    expect(captions.map((caption) => caption.text)).toEqual(whole.annotations.map((annotation) => annotation.caption?.trim()));
    expect(captions.map((caption) => caption.annotationId)).toEqual(whole.annotations.map((annotation) => String(annotation.id)));
    expect(whole.annotations.filter((annotation) => annotation.caption !== annotation.caption?.trim())).toHaveLength(53);
    expect(new Set(captions.map((caption) => caption.cocoId)).size).toBe(79);
    expect(reports).toEqual([
      { dataset: 'coco-caption', file: captionsVal, annotations: 395, droppedNotCoco: 0, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] },
    ]);
  });

  it('reads train2017 and 2014 files', async () => {
    const train = await collect(loadCocoCaptions({ file: captionsTrain }));
    expect(train).toHaveLength(400);
    expect(train[0]).toMatchObject({ cocoId: 125870, annotationId: '88366', text: 'An airport filled with large passenger jets parked next to each other.' });
    const val2014 = await collect(loadCocoCaptions({ file: captions2014 }));
    expect(val2014).toHaveLength(100);
    expect(val2014[0]).toMatchObject({ cocoId: 203564, annotationId: '37', text: 'A bicycle replica with a clock as the front wheel.' });
  });

  it('drops and counts captions on images outside the given image list', async () => {
    const images = await imageMap(captions7);
    expect([...images.keys()]).toEqual([397133, 11813, 117645, 802, 34417, 205401, 139]);
    let report: LoadReport | undefined;
    const captions = await collect(loadCocoCaptions({ file: captionsVal, images, report: (value) => (report = value) }));
    expect(captions).toHaveLength(35);
    expect(new Set(captions.map((caption) => caption.cocoId))).toEqual(new Set(images.keys()));
    expect(report).toMatchObject({ annotations: 35, droppedUnknownImage: 360, droppedMalformed: 0 });
  });

  it('counts malformed captions with a reason naming the record', async () => {
    const file = join(await temporaryFolder(), 'captions_val2017.json');
    await writeFile(
      file,
      JSON.stringify({
        images: [],
        annotations: [
          { image_id: 1, id: 10, caption: ' A cat. ' },
          { image_id: 'one', id: 11, caption: 'A dog.' },
          { image_id: 2, id: 12, caption: '   ' },
          'not an object',
          { image_id: 3, id: 13, caption: 'A bird.' },
        ],
      }),
    );
    let report: LoadReport | undefined;
    const captions = await collect(loadCocoCaptions({ file, report: (value) => (report = value) }));
    expect(captions.map((caption) => [caption.annotationId, caption.text])).toEqual([
      ['10', 'A cat.'],
      ['13', 'A bird.'],
    ]);
    expect(report).toMatchObject({ annotations: 2, droppedMalformed: 3 });
    expect(report?.examples).toEqual([
      '"annotations"[1] (id 11): "image_id" is "one", not a whole number',
      '"annotations"[2] (id 12): "caption" is "   ", not a non-empty string',
      '"annotations"[3]: not a JSON object',
    ]);
  });

  it('names the missing key when given a file of another kind', async () => {
    const instances = await caught(() => collect(loadCocoCaptions({ file: instancesVal })));
    expect(SourceFileError.isInstance(instances) && instances.toLine()).toBe(
      `${instancesVal} "annotations"[0] (id 80342, at byte ${await annotationsStart(instancesVal)}): the annotations have no "caption" (they have "bbox": an instances file?). Fix: is it a COCO captions file? Pass captions_train2017.json or captions_val2017.json`,
    );
    const questions = await caught(() => collect(loadCocoCaptions({ file: vqaQuestions })));
    expect(SourceFileError.isInstance(questions) && questions.toLine()).toBe(
      `${vqaQuestions}: there is no "annotations" array. Fix: is it a COCO captions file? Pass captions_train2017.json or captions_val2017.json from the COCO annotations archive`,
    );
  });

  it('throws naming a missing file, and a file cut short', async () => {
    const missing = join(await temporaryFolder(), 'captions_train2017.json');
    const error = await caught(() => collect(loadCocoCaptions({ file: missing })));
    expect(SourceFileError.isInstance(error) && error.message).toBe(`${missing}: no such file`);
    const bytes = await readFile(captionsVal);
    const truncated = join(await temporaryFolder(), 'captions_val2017.json');
    await writeFile(truncated, bytes.subarray(0, bytes.length - 500));
    const seen: number[] = [];
    const cut = await caught(async () => {
      for await (const caption of loadCocoCaptions({ file: truncated })) seen.push(caption.cocoId);
    });
    expect(SourceFileError.isInstance(cut) && cut.message).toMatch(/^\S+captions_val2017\.json "annotations"\[\d+\] \(at byte \d+\): the file ends inside this value$/);
    // Everything before the cut was read.
    expect(seen.length).toBeGreaterThan(380);
  });
});

describe('loadCocoInstances', () => {
  it('yields every instance of the val2017 file in file order, named from the categories after them', async () => {
    const reports: LoadReport[] = [];
    const objects = await collect(loadCocoInstances({ file: instancesVal, report: (report) => reports.push(report) }));
    expect(objects).toHaveLength(624);
    expect(objects[0]).toEqual({
      kind: 'object',
      dataset: 'coco-instances',
      cocoId: 453302,
      annotationId: '80342',
      category: 'bottle',
      box: [60.72, 30.31, 209.04, 208.06],
      crowd: false,
    });
    expect(objects.at(-1)).toEqual({ kind: 'object', dataset: 'coco-instances', cocoId: 217285, annotationId: '900100217285', category: 'person', box: [1, 1, 638, 267], crowd: true });
    const crowd = objects.filter((object) => object.crowd);
    expect(crowd).toHaveLength(5);
    expect(crowd[0]).toMatchObject({ annotationId: '908400255165', cocoId: 255165, category: 'book', box: [122, 270, 517, 209] });
    expect(objects.filter((object) => object.category === 'person')).toHaveLength(118);
    expect(objects.reduce((sum, object) => sum + object.box[2], 0)).toBeCloseTo(65020.84, 6);
    // The same instances, in the same order, as a whole-file parse gives.
    const whole = await readWhole(instancesVal);
    const names = new Map(whole.categories?.map((category) => [category.id, category.name]));
    expect(objects.map((object) => [object.annotationId, object.cocoId, object.category, object.box, object.crowd])).toEqual(
      whole.annotations.map((annotation) => [String(annotation.id), annotation.image_id, names.get(annotation.category_id!), annotation.bbox, annotation.iscrowd === 1]),
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ dataset: 'coco-instances', annotations: 624, droppedMalformed: 0, droppedUnknownImage: 0 });
  });

  it('reads the train2017 file', async () => {
    const objects = await collect(loadCocoInstances({ file: instancesTrain }));
    expect(objects).toHaveLength(739);
    expect(objects.filter((object) => object.crowd)).toHaveLength(8);
    expect(objects[0]).toMatchObject({ annotationId: '441444', cocoId: 535506, category: 'person', box: [120.46, 133.32, 212.31, 498.58] });
    expect(objects.filter((object) => object.category === 'chair')).toHaveLength(47);
  });

  it('yields the same when the categories come first', async () => {
    const whole = await readWhole(instances7);
    const reordered = join(await temporaryFolder(), 'instances_val2017.json');
    await writeFile(reordered, JSON.stringify({ categories: whole.categories, images: whole.images, annotations: whole.annotations }));
    const first = await collect(loadCocoInstances({ file: reordered }));
    expect(first).toHaveLength(70);
    expect(first).toEqual(await collect(loadCocoInstances({ file: instances7 })));
    expect(first[0]).toMatchObject({ annotationId: '82445', cocoId: 397133, category: 'bottle', box: [217.62, 240.54, 38.99, 57.75] });
    expect(first.filter((object) => object.crowd)).toEqual([
      { kind: 'object', dataset: 'coco-instances', cocoId: 34417, annotationId: '906000034417', category: 'donut', box: [100, 135, 395, 44], crowd: true },
    ]);
  });

  it('holds more instances than one page before the categories, and yields them all in order', async () => {
    const file = join(await temporaryFolder(), 'instances_train2017.json');
    const count = 150_000;
    const annotations = Array.from({ length: count }, (_, k) => `{"id": ${k === 7 ? '"custom-7"' : 1_000_000 + k}, "image_id": ${k % 997}, "category_id": ${(k % 3) + 1}, "bbox": [${k}.25, 1, 2, 3], "iscrowd": ${k % 1000 === 0 ? 1 : 0}}`);
    await writeFile(file, `{"annotations": [${annotations.join(',')}], "categories": [{"id": 1, "name": "person"}, {"id": 2, "name": "bicycle"}, {"id": 3, "name": "car"}]}`);
    let index = 0;
    for await (const object of loadCocoInstances({ file })) {
      const expected = { annotationId: index === 7 ? 'custom-7' : String(1_000_000 + index), cocoId: index % 997, category: ['person', 'bicycle', 'car'][index % 3], box: [index + 0.25, 1, 2, 3], crowd: index % 1000 === 0 };
      if (object.annotationId !== expected.annotationId || object.cocoId !== expected.cocoId || object.category !== expected.category || object.box[0] !== expected.box[0] || object.crowd !== expected.crowd) {
        expect(object).toMatchObject(expected);
      }
      index++;
    }
    expect(index).toBe(count);
  });

  it('drops and counts instances on images outside the given image list', async () => {
    const images = await imageMap(instances7);
    let report: LoadReport | undefined;
    const objects = await collect(loadCocoInstances({ file: instancesVal, images, report: (value) => (report = value) }));
    expect(objects).toHaveLength(70);
    expect(report).toMatchObject({ annotations: 70, droppedUnknownImage: 554 });
  });

  it('counts malformed instances and unknown categories', async () => {
    const file = join(await temporaryFolder(), 'instances_val2017.json');
    await writeFile(
      file,
      JSON.stringify({
        annotations: [
          { id: 1, image_id: 5, category_id: 1, bbox: [1, 2, 3, 4], iscrowd: 0 },
          { id: 2, image_id: 5, category_id: 99, bbox: [1, 2, 3, 4], iscrowd: 0 },
          { id: 3, image_id: 5, category_id: 1, bbox: [1, 2, 3], iscrowd: 0 },
          { id: 4, image_id: 5, category_id: 1, bbox: [1, 2, -3, 4], iscrowd: 0 },
          { id: 5, image_id: 5, category_id: 1, bbox: [1, 2, 3, 4], iscrowd: 2 },
          { id: 6, image_id: 5.5, category_id: 1, bbox: [1, 2, 3, 4] },
          { id: 7, image_id: 6, category_id: 2, bbox: [0, 0, 10.5, 20] },
        ],
        categories: [
          { id: 1, name: 'person', supercategory: 'person' },
          { id: 2, name: 'bicycle', supercategory: 'vehicle' },
        ],
      }),
    );
    let report: LoadReport | undefined;
    const objects = await collect(loadCocoInstances({ file, report: (value) => (report = value) }));
    expect(objects.map((object) => [object.annotationId, object.category, object.crowd])).toEqual([
      ['1', 'person', false],
      ['7', 'bicycle', false],
    ]);
    expect(report).toMatchObject({ annotations: 2, droppedMalformed: 5 });
    expect(report?.examples).toEqual([
      '"annotations"[2] (id 3): "bbox" is [1,2,3], not [x, y, width, height] with a width and height of at least 0',
      '"annotations"[3] (id 4): "bbox" is [1,2,-3,4], not [x, y, width, height] with a width and height of at least 0',
      '"annotations"[4] (id 5): "iscrowd" is 2, not 0 or 1',
      '"annotations"[5] (id 6): "image_id" is 5.5, not a whole number',
      '"annotations"[1] (id 2): "category_id" 99 is not in "categories"',
    ]);
  });

  it('names the missing key when given a file of another kind', async () => {
    const captions = await caught(() => collect(loadCocoInstances({ file: captionsVal })));
    expect(SourceFileError.isInstance(captions) && captions.message).toBe(
      `${captionsVal} "annotations"[0] (id 221865, at byte ${await annotationsStart(captionsVal)}): the annotations have no "bbox" or "category_id" (they have "caption": a captions file?)`,
    );
    expect((captions as SourceFileError).fix).toBe('is it a COCO instances file? Pass instances_train2017.json or instances_val2017.json');
    const questions = await caught(() => collect(loadCocoInstances({ file: vqaQuestions })));
    expect(SourceFileError.isInstance(questions) && questions.message).toBe(`${vqaQuestions}: there is no "annotations" array`);
    const file = join(await temporaryFolder(), 'instances_val2017.json');
    await writeFile(file, '{"annotations": [{"id": 1, "image_id": 5, "category_id": 1, "bbox": [1, 2, 3, 4]}]}');
    const noCategories = await caught(() => collect(loadCocoInstances({ file })));
    expect(SourceFileError.isInstance(noCategories) && noCategories.message).toBe(`${file}: there is no "categories" array to name the objects`);
  });
});
