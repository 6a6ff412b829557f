/**
 * The synthetic COCO kit (bench/lib/synthetic-coco): a 1% kit parsed whole and checked for shapes,
 * counts and joins; byte-identical output for the same seed; the exact full-scale targets; the cache;
 * bad options. Run from the repository root:
 *
 *   npx vitest run bench/test
 *
 * VIFT_SYNTHETIC_COCO_FULL=1 also writes the full-scale kit (about 1.4 GB, 20 to 40 s) to a temporary
 * folder and counts its records by scanning the bytes.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChunkedFileWriter, hundredthsText, jsonStringFor, pythonFloat, twoDecimals } from '../lib/synthetic-coco/json-writer.mjs';
import {
  countRecords, ensureSyntheticSources, fullScale, kitFiles, planSyntheticSources, targetCounts, verifyRecordCounts, writeSyntheticSources,
} from '../lib/synthetic-coco/index.mjs';

// Generous: the machines that run this may have two busy cores, and a kit takes a second or two to write.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const scale = 0.01;
const targets = targetCounts({ scale });
let temporary;
let kit;
let summary;
const parsed = {};

const readJson = async (file) => JSON.parse(await readFile(join(kit, file), 'utf8'));
const sha256 = async (file) => createHash('sha256').update(await readFile(file)).digest('hex');
const words = (text) => text.trim().split(/\s+/).length;
const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

beforeAll(async () => {
  temporary = await mkdtemp(join(tmpdir(), 'vift-synthetic-coco-'));
  kit = join(temporary, 'kit');
  summary = await writeSyntheticSources({ folder: kit, seed: 1, scale, jobs: 2 });
  parsed.captions = await readJson('coco/annotations/captions_train2017.json');
  parsed.instances = await readJson('coco/annotations/instances_train2017.json');
  parsed.questions = await readJson('vqa/v2_OpenEnded_mscoco_train2014_questions.json');
  parsed.answers = await readJson('vqa/v2_mscoco_train2014_annotations.json');
  parsed.vgImages = await readJson('vg/image_data.json');
  parsed.regions = await readJson('vg/region_descriptions.json');
  parsed.qas = await readJson('vg/question_answers.json');
});

afterAll(async () => {
  if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
});

describe('a 1% synthetic kit', () => {
  it('writes the seven official files and reports their sizes and counts', async () => {
    expect(summary.files.map((file) => file.file).sort()).toEqual([...kitFiles].sort());
    for (const file of summary.files) expect((await stat(join(kit, file.file))).size).toBe(file.bytes);
    expect(summary.totalBytes).toBe(summary.files.reduce((sum, file) => sum + file.bytes, 0));
    expect(summary.counts).toEqual(targets);
    // Nothing half-written is left behind.
    const names = await readdir(kit, { recursive: true });
    expect(names.filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('has COCO images with unique ids spread over 1..581929, COCO-like sizes and file names', () => {
    const { images } = parsed.captions;
    expect(images).toHaveLength(targets.images);
    expect(Object.keys(images[0])).toEqual(['license', 'file_name', 'coco_url', 'height', 'width', 'date_captured', 'flickr_url', 'id']);
    const ids = images.map((image) => image.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ids)).toBeLessThanOrEqual(fullScale.maximumCocoId);
    expect(Math.max(...ids) - Math.min(...ids)).toBeGreaterThan(fullScale.maximumCocoId * 0.9);
    for (const image of images) {
      expect(image.file_name).toBe(`${String(image.id).padStart(12, '0')}.jpg`);
      expect(Math.max(image.width, image.height)).toBeLessThanOrEqual(640);
      expect(Math.min(image.width, image.height)).toBeGreaterThanOrEqual(300);
    }
    const landscape640 = images.filter((image) => image.width === 640 && (image.height === 480 || image.height === 427)).length;
    expect(landscape640 / images.length).toBeGreaterThan(0.2);
    // Both COCO files list the very same images.
    expect(parsed.instances.images).toEqual(images);
  });

  it('has 5 to 7 captions per image, about 10 words long, on existing images', () => {
    const { captions } = parsed;
    expect(Object.keys(captions)).toEqual(['info', 'licenses', 'images', 'annotations']);
    expect(captions.annotations).toHaveLength(targets.captions);
    const imageIds = new Set(captions.images.map((image) => image.id));
    const perImage = new Map();
    for (const caption of captions.annotations) {
      expect(Object.keys(caption)).toEqual(['image_id', 'id', 'caption']);
      expect(imageIds.has(caption.image_id)).toBe(true);
      expect(caption.caption.trim().length).toBeGreaterThan(0);
      perImage.set(caption.image_id, (perImage.get(caption.image_id) ?? 0) + 1);
    }
    expect(perImage.size).toBe(imageIds.size);
    expect(Math.min(...perImage.values())).toBe(5);
    expect(Math.max(...perImage.values())).toBeLessThanOrEqual(7);
    expect(new Set(captions.annotations.map((caption) => caption.id)).size).toBe(targets.captions);
    expect(mean(captions.annotations.map((caption) => words(caption.caption)))).toBeGreaterThan(9);
    expect(mean(captions.annotations.map((caption) => words(caption.caption)))).toBeLessThan(12.5);
    // Images are scattered through the annotations, as in the official file.
    const firstTen = new Set(captions.annotations.slice(0, 10).map((caption) => caption.image_id));
    expect(firstTen.size).toBeGreaterThan(5);
  });

  it('has instances with the 80 COCO categories after the annotations, boxes inside the image and polygons inside the box', () => {
    const { instances } = parsed;
    expect(Object.keys(instances)).toEqual(['info', 'licenses', 'images', 'annotations', 'categories']);
    expect(instances.categories).toHaveLength(80);
    expect(instances.categories[0]).toEqual({ supercategory: 'person', id: 1, name: 'person' });
    expect(instances.categories.at(-1)).toEqual({ supercategory: 'indoor', id: 90, name: 'toothbrush' });
    const categoryIds = new Set(instances.categories.map((category) => category.id));
    for (const missing of [12, 26, 29, 30, 45, 66, 68, 69, 71, 83]) expect(categoryIds.has(missing)).toBe(false);
    expect(instances.annotations).toHaveLength(targets.instances);
    const images = new Map(instances.images.map((image) => [image.id, image]));
    expect(new Set(instances.annotations.map((annotation) => annotation.id)).size).toBe(targets.instances);
    // Plain checks gathered into one list: hundreds of thousands of expect() calls would be slow.
    const problems = [];
    const check = (ok, annotation, what) => {
      if (!ok && problems.length < 10) problems.push(`annotation ${annotation.id}: ${what}`);
    };
    let crowd = 0;
    for (const annotation of instances.annotations) {
      check(Object.keys(annotation).join() === 'segmentation,area,iscrowd,image_id,bbox,category_id,id', annotation, 'key order');
      const image = images.get(annotation.image_id);
      if (image === undefined) {
        check(false, annotation, `image ${annotation.image_id} is not in images`);
        continue;
      }
      check(categoryIds.has(annotation.category_id), annotation, 'unknown category');
      const [x, y, width, height] = annotation.bbox;
      check(x >= 0 && y >= 0 && x + width <= image.width + 0.011 && y + height <= image.height + 0.011, annotation, `bbox ${annotation.bbox} outside ${image.width}×${image.height}`);
      check(annotation.area > 0 && annotation.area <= width * height + 0.5, annotation, `area ${annotation.area} for bbox ${annotation.bbox}`);
      if (annotation.iscrowd === 1) {
        crowd++;
        const { counts, size } = annotation.segmentation;
        check(size[0] === image.height && size[1] === image.width, annotation, 'RLE size is not [height, width]');
        check(counts.reduce((sum, run) => sum + run, 0) === image.width * image.height, annotation, 'RLE runs do not cover the image');
        check(counts.filter((_, index) => index % 2 === 1).reduce((sum, run) => sum + run, 0) === annotation.area, annotation, 'RLE area');
        check(annotation.id === 900_000_000_000 + annotation.category_id * 100_000_000 + annotation.image_id, annotation, 'crowd id');
      } else {
        check(annotation.iscrowd === 0, annotation, 'iscrowd');
        let minimumX = Infinity;
        let minimumY = Infinity;
        let maximumX = -Infinity;
        let maximumY = -Infinity;
        for (const polygon of annotation.segmentation) {
          check(polygon.length % 2 === 0 && polygon.length >= 8, annotation, `polygon of ${polygon.length} numbers`);
          for (let k = 0; k < polygon.length; k += 2) {
            minimumX = Math.min(minimumX, polygon[k]);
            maximumX = Math.max(maximumX, polygon[k]);
            minimumY = Math.min(minimumY, polygon[k + 1]);
            maximumY = Math.max(maximumY, polygon[k + 1]);
          }
        }
        // The box is the polygons' tight box, as in COCO.
        const near = (left, right) => Math.abs(left - right) < 0.011;
        check(near(minimumX, x) && near(minimumY, y) && near(maximumX, x + width) && near(maximumY, y + height), annotation, 'bbox is not the polygons\' box');
      }
    }
    expect(problems).toEqual([]);
    expect(crowd).toBeGreaterThan(0);
    expect(crowd / targets.instances).toBeLessThan(0.03);
    const people = instances.annotations.filter((annotation) => annotation.category_id === 1).length;
    expect(people / targets.instances).toBeGreaterThan(0.15);
  });

  it('writes numbers as the official files do: floats keep ".0", keys are followed by ": "', async () => {
    const text = await readFile(join(kit, 'coco/annotations/instances_train2017.json'), 'utf8');
    expect(text.startsWith('{"info": {"description": ')).toBe(true);
    expect(text).toMatch(/"bbox": \[\d+\.\d+,\d+\.\d+,\d+\.\d+,\d+\.\d+\]/);
    expect(text).toMatch(/"segmentation": \[\[\d+\.\d{1,2},/);
    expect(text).toMatch(/\d\.0[,\]]/);
    // No trailing zeros after the first decimal: 150.5, never 150.50.
    expect(text).not.toMatch(/\.\d+0[,\]]/);
  });

  it('has VQA questions with ids image_id·1000 + k and ten answers each, in the official key order', () => {
    const { questions, answers } = parsed;
    expect(Object.keys(questions)).toEqual(['info', 'task_type', 'data_type', 'license', 'data_subtype', 'questions']);
    expect(Object.keys(answers)).toEqual(['info', 'license', 'data_subtype', 'annotations', 'data_type']);
    expect(questions.questions).toHaveLength(targets.vqaQuestions);
    expect(answers.annotations).toHaveLength(targets.vqaQuestions);
    const imageIds = new Set(parsed.captions.images.map((image) => image.id));
    const nextK = new Map();
    for (const [index, question] of questions.questions.entries()) {
      expect(Object.keys(question)).toEqual(['image_id', 'question', 'question_id']);
      expect(imageIds.has(question.image_id)).toBe(true);
      const k = nextK.get(question.image_id) ?? 0;
      expect(question.question_id).toBe(question.image_id * 1000 + k);
      nextK.set(question.image_id, k + 1);
      expect(question.question.endsWith('?')).toBe(true);
      const annotation = answers.annotations[index];
      expect(Object.keys(annotation)).toEqual(['question_type', 'multiple_choice_answer', 'answers', 'image_id', 'answer_type', 'question_id']);
      expect(annotation.question_id).toBe(question.question_id);
      expect(annotation.image_id).toBe(question.image_id);
      expect(annotation.answers.map((answer) => answer.answer_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const given = annotation.answers.map((answer) => answer.answer);
      const count = (value) => given.filter((answer) => answer === value).length;
      expect(Math.max(...given.map(count))).toBe(count(annotation.multiple_choice_answer));
      expect(annotation.answers.every((answer) => ['yes', 'maybe', 'no'].includes(answer.answer_confidence) && words(answer.answer) <= 3)).toBe(true);
      if (annotation.answer_type === 'yes/no') expect(['yes', 'no']).toContain(annotation.multiple_choice_answer);
      else if (annotation.answer_type === 'number') expect(annotation.multiple_choice_answer).toMatch(/^\d+$/);
      else expect(annotation.answer_type).toBe('other');
      if (annotation.question_type !== 'none of the above') expect(question.question.toLowerCase().startsWith(annotation.question_type)).toBe(true);
    }
    expect(nextK.size).toBe(imageIds.size);
    const share = (type) => answers.annotations.filter((annotation) => annotation.answer_type === type).length / targets.vqaQuestions;
    expect(share('yes/no')).toBeGreaterThan(0.33);
    expect(share('yes/no')).toBeLessThan(0.43);
    expect(share('number')).toBeGreaterThan(0.08);
    expect(share('number')).toBeLessThan(0.16);
  });

  it('has Visual Genome images linked to COCO ids that exist, plus VG-only images without one', () => {
    const cocoIds = new Set(parsed.captions.images.map((image) => image.id));
    const images = parsed.vgImages;
    expect(images).toHaveLength(targets.vgImages);
    expect(Object.keys(images[0])).toEqual(['width', 'url', 'height', 'image_id', 'coco_id', 'flickr_id']);
    const linked = images.filter((image) => image.coco_id !== null);
    expect(linked).toHaveLength(targets.vgCocoImages);
    expect(images.length - linked.length).toBe(targets.vgOnlyImages);
    for (const image of linked) expect(cocoIds.has(image.coco_id)).toBe(true);
    expect(new Set(linked.map((image) => image.coco_id)).size).toBe(linked.length);
    const vgIds = images.map((image) => image.image_id);
    expect(vgIds).toEqual([...vgIds].sort((left, right) => left - right));
    // Some VG copies are larger than the COCO image, so a loader has to scale their boxes.
    const cocoWidths = new Map(parsed.captions.images.map((image) => [image.id, image.width]));
    expect(linked.some((image) => image.width !== cocoWidths.get(image.coco_id))).toBe(true);
  });

  it('has about 50 regions per VG image, inside the image, and QAs with short capitalised answers ending in a period', () => {
    const sizes = new Map(parsed.vgImages.map((image) => [image.image_id, image]));
    const regions = parsed.regions.flatMap((entry) => {
      expect(Object.keys(entry)).toEqual(['regions', 'id']);
      return entry.regions.map((region) => ({ ...region, entry: entry.id }));
    });
    expect(parsed.regions.map((entry) => entry.id)).toEqual(parsed.vgImages.map((image) => image.image_id));
    expect(regions).toHaveLength(targets.vgRegions);
    expect(new Set(regions.map((region) => region.region_id)).size).toBe(regions.length);
    const badRegions = regions.filter((region) => {
      const image = sizes.get(region.image_id);
      return (
        Object.keys(region).join() !== 'region_id,width,height,image_id,phrase,y,x,entry' ||
        region.image_id !== region.entry ||
        region.x < 0 || region.y < 0 || region.width < 1 || region.height < 1 ||
        region.x + region.width > image.width ||
        region.y + region.height > image.height ||
        region.phrase.trim().length === 0
      );
    });
    expect(badRegions.slice(0, 5)).toEqual([]);
    expect(mean(regions.map((region) => words(region.phrase)))).toBeGreaterThan(3.5);
    expect(mean(regions.map((region) => words(region.phrase)))).toBeLessThan(6.5);

    const qas = parsed.qas.flatMap((entry) => {
      expect(Object.keys(entry)).toEqual(['id', 'qas']);
      for (const qa of entry.qas) expect(qa.image_id).toBe(entry.id);
      return entry.qas;
    });
    expect(qas).toHaveLength(targets.vgQuestions);
    expect(new Set(qas.map((qa) => qa.qa_id)).size).toBe(qas.length);
    const badQas = qas.filter(
      (qa) =>
        Object.keys(qa).join() !== 'a_objects,question,image_id,qa_id,answer,q_objects' ||
        !/^[A-Z0-9].*\.$/u.test(qa.answer) ||
        !/^(What|Where|How|Who|Why|When) .*\?$/.test(qa.question),
    );
    expect(badQas.slice(0, 5)).toEqual([]);
    expect(mean(qas.map((qa) => words(qa.answer)))).toBeLessThan(3);
  });

  it('sprinkles non-ASCII text, written as \\u escapes like Python json.dump', async () => {
    const texts = [...parsed.captions.annotations.map((caption) => caption.caption), ...parsed.regions.flatMap((entry) => entry.regions.map((region) => region.phrase))];
    const nonAscii = texts.filter((text) => /[^\x00-\x7f]/.test(text));
    expect(nonAscii.length).toBeGreaterThan(5);
    expect(nonAscii.length / texts.length).toBeLessThan(0.02);
    expect(texts.some((text) => /\p{Extended_Pictographic}/u.test(text))).toBe(true);
    const bytes = await readFile(join(kit, 'coco/annotations/captions_train2017.json'));
    expect(bytes.every((byte) => byte < 0x80)).toBe(true);
    expect(bytes.toString('latin1')).toMatch(/\\u00e9|\\u201c|\\ud83d/);
  });

  it('counts the same records by scanning the bytes as by parsing', async () => {
    const counted = await countRecords({ folder: kit });
    expect(counted['coco/annotations/captions_train2017.json']).toEqual({ images: targets.images, captions: targets.captions });
    expect(counted['coco/annotations/instances_train2017.json'].instances).toBe(targets.instances);
    expect(counted['coco/annotations/instances_train2017.json'].crowd).toBe(parsed.instances.annotations.filter((annotation) => annotation.iscrowd === 1).length);
    expect(counted['vqa/v2_mscoco_train2014_annotations.json']).toEqual({ annotations: targets.vqaQuestions, answers: 10 * targets.vqaQuestions });
    expect(counted['vg/image_data.json']).toEqual({ images: targets.vgImages, vgOnlyImages: targets.vgOnlyImages });
    expect(counted['vg/region_descriptions.json']).toEqual({ images: targets.vgImages, regions: targets.vgRegions });
    expect(counted['vg/question_answers.json']).toEqual({ images: targets.vgImages, questions: targets.vgQuestions });
    expect((await verifyRecordCounts({ folder: kit, summary })).mismatches).toEqual([]);
  });
});

describe('determinism', () => {
  it('writes byte-identical files for the same seed, on one thread or two; another seed differs', async () => {
    const again = join(temporary, 'again');
    const otherSeed = join(temporary, 'other-seed');
    await writeSyntheticSources({ folder: again, seed: 1, scale, jobs: 1 });
    await writeSyntheticSources({ folder: otherSeed, seed: 2, scale, jobs: 1 });
    for (const file of kitFiles) {
      expect(await sha256(join(again, file)), file).toBe(await sha256(join(kit, file)));
      expect(await sha256(join(otherSeed, file)), file).not.toBe(await sha256(join(kit, file)));
    }
  });

  it('writes the same values as raw UTF-8 with utf8: true', async () => {
    const folder = join(temporary, 'utf8');
    await writeSyntheticSources({ folder, seed: 1, scale, utf8: true, jobs: 1 });
    const raw = await readFile(join(folder, 'coco/annotations/captions_train2017.json'));
    expect(raw.some((byte) => byte >= 0x80)).toBe(true);
    expect(JSON.parse(raw.toString('utf8'))).toEqual(parsed.captions);
    expect(JSON.parse(await readFile(join(folder, 'vg/region_descriptions.json'), 'utf8'))).toEqual(parsed.regions);
  });
});

describe('full-scale targets', () => {
  it('are the real sets’ sizes, and the plan hands out exactly that many records', () => {
    const counts = targetCounts({ scale: 1 });
    expect(counts).toMatchObject({ images: 118_287, captions: 591_753, instances: 860_001, vqaQuestions: 443_757, vgCocoImages: 51_208 });
    expect(counts.vgRegions).toBe(counts.vgImages * 50);
    expect(counts.vgQuestions).toBe(counts.vgImages * 17);
    const plan = planSyntheticSources({ seed: 1, scale: 1 });
    const sum = (array) => array.reduce((total, value) => total + value, 0);
    expect(sum(plan.images.captionCounts)).toBe(counts.captions);
    expect(plan.images.objectOffsets.at(-1)).toBe(counts.instances);
    expect(sum(plan.images.questionCounts)).toBe(counts.vqaQuestions);
    expect(sum(plan.vg.regionCounts)).toBe(counts.vgRegions);
    expect(sum(plan.vg.questionCounts)).toBe(counts.vgQuestions);
    expect(plan.vg.cocoIndex.filter((index) => index >= 0)).toHaveLength(counts.vgCocoImages);
    expect(new Set(plan.images.ids).size).toBe(counts.images);
    // About 0.9% of train2017 images have no objects; mean 7.3 objects per image.
    const empty = plan.images.objectOffsets.filter((offset, index) => index > 0 && offset === plan.images.objectOffsets[index - 1]).length;
    expect(empty / counts.images).toBeGreaterThan(0.003);
    expect(empty / counts.images).toBeLessThan(0.02);
  });

  it('scale the VG regions with vgRegionsPerImage', () => {
    const counts = targetCounts({ scale: 0.01, vgRegionsPerImage: 5 });
    expect(counts.vgRegions).toBe(counts.vgImages * 5);
    const plan = planSyntheticSources({ seed: 1, scale: 0.01, vgRegionsPerImage: 5 });
    expect(plan.vg.regionCounts.reduce((total, value) => total + value, 0)).toBe(counts.vgRegions);
  });

  it.runIf(process.env.VIFT_SYNTHETIC_COCO_FULL === '1')(
    'are met by a written full-scale kit, counted by scanning its bytes',
    async () => {
      const folder = join(temporary, 'full');
      const full = await writeSyntheticSources({ folder, seed: 1, scale: 1 });
      const { counted, mismatches } = await verifyRecordCounts({ folder, summary: full });
      expect(mismatches).toEqual([]);
      expect(counted['coco/annotations/instances_train2017.json'].instances).toBe(860_001);
      expect(counted['coco/annotations/captions_train2017.json'].captions).toBe(591_753);
      expect(counted['vqa/v2_OpenEnded_mscoco_train2014_questions.json'].questions).toBe(443_757);
      expect(counted['vg/image_data.json'].images - counted['vg/image_data.json'].vgOnlyImages).toBe(51_208);
      expect(full.totalBytes).toBeGreaterThan(1e9);
      expect(full.totalBytes).toBeLessThan(3e9);
      await rm(folder, { recursive: true, force: true });
    },
    300_000,
  );
});

describe('the cache', () => {
  it('writes a kit once, reuses it, and writes it again when a file was damaged', async () => {
    const folder = join(temporary, 'data');
    const logged = [];
    const first = await ensureSyntheticSources({ folder, seed: 3, scale: 0.002, jobs: 1, log: (line) => logged.push(line) });
    expect(first.cached).toBe(false);
    expect(first.folder).toBe(join(folder, 'synthetic-sources-seed3-scale0.002'));
    expect(logged.length).toBeGreaterThan(0);
    const second = await ensureSyntheticSources({ folder, seed: 3, scale: 0.002, jobs: 1 });
    expect(second.cached).toBe(true);
    expect(second.files).toEqual(first.files);
    const damaged = join(first.folder, 'vg/question_answers.json');
    const before = await sha256(damaged);
    await truncate(damaged, 10);
    const third = await ensureSyntheticSources({ folder, seed: 3, scale: 0.002, jobs: 1 });
    expect(third.cached).toBe(false);
    expect(await sha256(damaged)).toBe(before);
    expect((await readdir(folder)).sort()).toEqual(['synthetic-sources-seed3-scale0.002', 'synthetic-sources-seed3-scale0.002.summary.json']);
  });
});

describe('bad options', () => {
  it('rejects a scale, seed or region count it cannot honour, naming the option', () => {
    for (const bad of [0, -1, Number.NaN, 10]) expect(() => targetCounts({ scale: bad })).toThrow(/--scale is/);
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => planSyntheticSources({ seed: bad, scale: 0.001 })).toThrow(/--seed is/);
    for (const bad of [-1, 5000, Number.NaN]) expect(() => targetCounts({ scale: 0.001, vgRegionsPerImage: bad })).toThrow(/--vg-regions-per-image is/);
  });

  it('rejects a missing folder or a bad thread count before writing anything', async () => {
    await expect(writeSyntheticSources({ scale: 0.001 })).rejects.toThrow(/needs a folder/);
    await expect(writeSyntheticSources({ folder: join(temporary, 'never'), scale: 0.001, jobs: 0 })).rejects.toThrow(/--jobs is 0/);
    await expect(stat(join(temporary, 'never'))).rejects.toThrow();
  });

  it('leaves no partial file behind when a folder cannot be written', async () => {
    const blocked = join(temporary, 'blocked');
    await writeSyntheticSources({ folder: blocked, scale: 0.001, jobs: 1 });
    // A folder where a file must go makes that file's rename fail.
    await rm(join(blocked, 'vg/image_data.json'));
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(blocked, 'vg/image_data.json/inside'), { recursive: true });
    await expect(writeSyntheticSources({ folder: blocked, scale: 0.001, jobs: 2 })).rejects.toThrow(/image_data\.json/);
    const names = await readdir(blocked, { recursive: true });
    expect(names.filter((name) => name.includes('.partial-'))).toEqual([]);
  });
});

describe('writing pieces', () => {
  it('prints floats as Python does', () => {
    expect([0, 1, 410, 150.5, 150.59, 0.07].map(pythonFloat)).toEqual(['0.0', '1.0', '410.0', '150.5', '150.59', '0.07']);
    expect([0, 1, 10, 99, 41_000, 15_050, 15_059].map(hundredthsText)).toEqual(['0.0', '0.01', '0.1', '0.99', '410.0', '150.5', '150.59']);
    for (let value = 0; value < 700; value += 0.37) expect(twoDecimals(value)).toBe(pythonFloat(Math.round(value * 100) / 100));
  });

  it('escapes non-ASCII as Python json.dump does, or keeps UTF-8', () => {
    expect(jsonStringFor({ utf8: false })('café “x” 🚲\u007f\n')).toBe('"caf\\u00e9 \\u201cx\\u201d \\ud83d\\udeb2\\u007f\\n"');
    expect(jsonStringFor({ utf8: true })('café 🚲')).toBe('"café 🚲"');
  });

  it('streams records longer than its buffer, digits and multi-byte text intact', async () => {
    const file = join(temporary, 'pieces.txt');
    const writer = await ChunkedFileWriter.open(file);
    const long = 'é'.repeat(1_500_000);
    writer.push('[');
    writer.push(long);
    writer.pushCode(44);
    writer.pushInteger(900_100_433_998);
    writer.pushCode(44);
    writer.pushHundredths(41_005);
    if (writer.full) await writer.flush();
    writer.push('🚲]');
    expect(await writer.close()).toBe(Buffer.byteLength(`[${long},900100433998,410.05🚲]`));
    expect(await readFile(file, 'utf8')).toBe(`[${long},900100433998,410.05🚲]`);
  });
});
