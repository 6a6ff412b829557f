/**
 * COCO-shaped annotation files at full train2017 scale, for benchmarks: COCO captions and instances,
 * VQAv2 questions and annotations, and Visual Genome (image_data, region descriptions, question answers),
 * each in its official format with realistic counts, lengths and vocabularies. Seeded: the same seed and
 * scale give the same bytes. Written through streams, never as one string (the instances file alone is
 * over 300 MB).
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { SeededRandom } from './seeded-random.mjs';

/** Counts at scale 1: COCO train2017, VQAv2 train+val questions on it, VG's COCO overlap. */
export const FULL_SCALE = { images: 118_287, captions: 591_753, instances: 860_001, vqaQuestions: 443_757, vgCocoImages: 51_208, vgOnlyImages: 5_000, regionsPerImage: 50, qasPerImage: 17 };

const CATEGORIES = [
  [1, 'person', 'person'], [2, 'bicycle', 'vehicle'], [3, 'car', 'vehicle'], [4, 'motorcycle', 'vehicle'], [5, 'airplane', 'vehicle'], [6, 'bus', 'vehicle'], [7, 'train', 'vehicle'], [8, 'truck', 'vehicle'], [9, 'boat', 'vehicle'], [10, 'traffic light', 'outdoor'], [11, 'fire hydrant', 'outdoor'], [13, 'stop sign', 'outdoor'], [14, 'parking meter', 'outdoor'], [15, 'bench', 'outdoor'], [16, 'bird', 'animal'], [17, 'cat', 'animal'], [18, 'dog', 'animal'], [19, 'horse', 'animal'], [20, 'sheep', 'animal'], [21, 'cow', 'animal'], [22, 'elephant', 'animal'], [23, 'bear', 'animal'], [24, 'zebra', 'animal'], [25, 'giraffe', 'animal'], [27, 'backpack', 'accessory'], [28, 'umbrella', 'accessory'], [31, 'handbag', 'accessory'], [32, 'tie', 'accessory'], [33, 'suitcase', 'accessory'], [34, 'frisbee', 'sports'], [35, 'skis', 'sports'], [36, 'snowboard', 'sports'], [37, 'sports ball', 'sports'], [38, 'kite', 'sports'], [39, 'baseball bat', 'sports'], [40, 'baseball glove', 'sports'], [41, 'skateboard', 'sports'], [42, 'surfboard', 'sports'], [43, 'tennis racket', 'sports'], [44, 'bottle', 'kitchen'], [46, 'wine glass', 'kitchen'], [47, 'cup', 'kitchen'], [48, 'fork', 'kitchen'], [49, 'knife', 'kitchen'], [50, 'spoon', 'kitchen'], [51, 'bowl', 'kitchen'], [52, 'banana', 'food'], [53, 'apple', 'food'], [54, 'sandwich', 'food'], [55, 'orange', 'food'], [56, 'broccoli', 'food'], [57, 'carrot', 'food'], [58, 'hot dog', 'food'], [59, 'pizza', 'food'], [60, 'donut', 'food'], [61, 'cake', 'food'], [62, 'chair', 'furniture'], [63, 'couch', 'furniture'], [64, 'potted plant', 'furniture'], [65, 'bed', 'furniture'], [67, 'dining table', 'furniture'], [70, 'toilet', 'furniture'], [72, 'tv', 'electronic'], [73, 'laptop', 'electronic'], [74, 'mouse', 'electronic'], [75, 'remote', 'electronic'], [76, 'keyboard', 'electronic'], [77, 'cell phone', 'electronic'], [78, 'microwave', 'appliance'], [79, 'oven', 'appliance'], [80, 'toaster', 'appliance'], [81, 'sink', 'appliance'], [82, 'refrigerator', 'appliance'], [84, 'book', 'indoor'], [85, 'clock', 'indoor'], [86, 'vase', 'indoor'], [87, 'scissors', 'indoor'], [88, 'teddy bear', 'indoor'], [89, 'hair drier', 'indoor'], [90, 'toothbrush', 'indoor'],
];
const SIZES = [[640, 480], [640, 480], [640, 427], [480, 640], [640, 426], [427, 640], [500, 375], [640, 640], [612, 612], [640, 360]];
const COLOURS = ['white', 'black', 'red', 'blue', 'green', 'yellow', 'brown', 'gray', 'orange', 'pink', 'silver', 'tan'];
const PLACES = ['on a street', 'in a kitchen', 'in a field', 'on the beach', 'in a living room', 'at the park', 'near a building', 'on a table', 'in the snow', 'by the water', 'at a train station', 'in a café'];
const VERBS = ['standing', 'sitting', 'walking', 'riding', 'holding', 'eating', 'looking at', 'playing with', 'parked', 'flying over'];
const SUBJECTS = ['A man', 'A woman', 'Two people', 'A group of people', 'A young boy', 'A little girl', 'A large', 'A small', 'An old', 'Some'];
const EXTRAS = ['', '', '', ' with a “smile”', ' on a sunny day', ' next to a fence', ' under a blue sky', ' at night', ' 🙂', ' near the crème brûlée stand'];
const QUESTION_STARTS = ['What color is the', 'Is there a', 'How many', 'What is the', 'Where is the', 'Is the', 'What is on the', 'Are there any'];

const pick = (random, list) => list[random.integer(0, list.length - 1)];
const json = (text) => JSON.stringify(text);

/** A file written in pieces with backpressure; `write` resolves at once unless the stream is full. */
async function openWriter(file) {
  await mkdir(dirname(file), { recursive: true });
  const stream = createWriteStream(file, { highWaterMark: 1 << 22 });
  let pending = '';
  let bytes = 0;
  return {
    async write(text) {
      pending += text;
      if (pending.length < 1 << 20) return;
      bytes += Buffer.byteLength(pending);
      const ready = stream.write(pending);
      pending = '';
      if (!ready) await once(stream, 'drain');
    },
    async close() {
      bytes += Buffer.byteLength(pending);
      stream.end(pending);
      await once(stream, 'finish');
      return bytes;
    },
  };
}

/** Writes `[item, item, ...]` from a generator of JSON texts. */
async function writeArray(writer, items) {
  let first = true;
  for (const item of items) {
    await writer.write(first ? item : `,${item}`);
    first = false;
  }
}

function captionText(random, category) {
  return `${pick(random, SUBJECTS)} ${pick(random, COLOURS)} ${category} ${pick(random, VERBS)} ${pick(random, PLACES)}${pick(random, EXTRAS)}.`;
}

/**
 * Writes the files under `folder` and resolves to their counts and sizes:
 * coco/annotations/{captions,instances}_train2017.json, vqa/v2_*_train2014_*.json, vg/*.json.
 */
export async function writeSyntheticSources({ folder, seed = 1, scale = 1 }) {
  const random = new SeededRandom(seed);
  const count = (value) => Math.max(1, Math.round(value * scale));
  const imageCount = count(FULL_SCALE.images);
  const images = [];
  const stride = 581_929 / imageCount;
  for (let index = 0; index < imageCount; index++) {
    const [width, height] = pick(random, SIZES);
    images.push({ id: 1 + Math.floor(index * stride) + (stride > 4 ? random.integer(0, 3) : 0), width, height });
  }
  const objectsOf = images.map(() => []);
  const files = {};
  const imagesJson = () =>
    images.map((image) => {
      const name = `${String(image.id).padStart(12, '0')}.jpg`;
      return `{"license":${1 + (image.id % 8)},"file_name":"${name}","coco_url":"http://images.cocodataset.org/train2017/${name}","height":${image.height},"width":${image.width},"date_captured":"2013-11-14 11:18:45","flickr_url":"http://farm4.staticflickr.com/${image.id}.jpg","id":${image.id}}`;
    });
  const header = '{"info":{"description":"Synthetic COCO-shaped data for benchmarks","version":"1.0","year":2017},"licenses":[{"url":"http://creativecommons.org/licenses/by/2.0/","id":1,"name":"Attribution License"}],"images":[';

  // Instances first: captions and questions talk about the objects an image has.
  let annotationId = 1;
  const instancesFile = join(folder, 'coco/annotations/instances_train2017.json');
  let writer = await openWriter(instancesFile);
  await writer.write(header);
  await writeArray(writer, imagesJson());
  await writer.write('],"annotations":[');
  const instancesTarget = count(FULL_SCALE.instances);
  const perImage = instancesTarget / imageCount;
  let instances = 0;
  await writeArray(
    writer,
    (function* () {
      for (const [index, image] of images.entries()) {
        const wanted = index === images.length - 1 ? instancesTarget - instances : Math.min(instancesTarget - instances, Math.round(perImage * (0.2 + 1.6 * random.next())));
        for (let k = 0; k < wanted; k++) {
          const [categoryId, name] = k > 0 && random.chance(0.4) ? CATEGORIES[objectsOf[index][0]] : CATEGORIES[random.integer(0, CATEGORIES.length - 1)];
          objectsOf[index].push(CATEGORIES.findIndex(([id]) => id === categoryId));
          const width = Math.round(random.integer(8, image.width / 2) * 100) / 100;
          const height = Math.round(random.integer(8, image.height / 2) * 100) / 100;
          const x = Math.round(random.next() * (image.width - width) * 100) / 100;
          const y = Math.round(random.next() * (image.height - height) * 100) / 100;
          const points = [];
          for (let p = 0; p < 20; p++) points.push((x + random.next() * width).toFixed(2), (y + random.next() * height).toFixed(2));
          const crowd = random.chance(0.01) ? 1 : 0;
          instances++;
          void name;
          yield `{"segmentation":[[${points.join(',')}]],"area":${(width * height * 0.6).toFixed(4)},"iscrowd":${crowd},"image_id":${image.id},"bbox":[${x},${y},${width},${height}],"category_id":${categoryId},"id":${annotationId++}}`;
        }
      }
    })(),
  );
  await writer.write('],"categories":[');
  await writeArray(writer, CATEGORIES.map(([id, name, supercategory]) => `{"supercategory":"${supercategory}","id":${id},"name":"${name}"}`));
  await writer.write(']}\n');
  files.instances = { file: instancesFile, records: instances, bytes: await writer.close() };

  const captionsFile = join(folder, 'coco/annotations/captions_train2017.json');
  writer = await openWriter(captionsFile);
  await writer.write(header);
  await writeArray(writer, imagesJson());
  await writer.write('],"annotations":[');
  const captionsTarget = count(FULL_SCALE.captions);
  let captions = 0;
  await writeArray(
    writer,
    (function* () {
      for (const [index, image] of images.entries()) {
        const wanted = index === images.length - 1 ? Math.max(1, captionsTarget - captions) : 5 + (random.chance(0.005) ? random.integer(1, 2) : 0);
        for (let k = 0; k < wanted; k++) {
          const objects = objectsOf[index];
          const category = objects.length > 0 ? CATEGORIES[objects[random.integer(0, objects.length - 1)]][1] : 'scene';
          captions++;
          yield `{"image_id":${image.id},"id":${annotationId++},"caption":${json(captionText(random, category))}}`;
        }
      }
    })(),
  );
  await writer.write(']}\n');
  files.captions = { file: captionsFile, records: captions, bytes: await writer.close() };

  // VQAv2: questions on the images in turn, ten answers each.
  const questionsTarget = count(FULL_SCALE.vqaQuestions);
  const questions = [];
  for (let q = 0; q < questionsTarget; q++) {
    const index = Math.floor((q * imageCount) / questionsTarget);
    const image = images[index];
    const objects = objectsOf[index];
    const category = objects.length > 0 ? CATEGORIES[objects[random.integer(0, objects.length - 1)]][1] : 'sky';
    const kind = random.next();
    const start = pick(random, QUESTION_STARTS);
    const [question, answer, answerType] =
      kind < 0.38
        ? [`Is there a ${category} in the picture?`, random.chance(0.6) ? 'yes' : 'no', 'yes/no']
        : kind < 0.5
          ? [`How many ${category}s are there?`, String(objects.filter((object) => CATEGORIES[object][1] === category).length), 'number']
          : [`${start} ${category}?`.replace(' ?', '?'), pick(random, COLOURS), 'other'];
    questions.push({ imageId: image.id, questionId: image.id * 1000 + (q % 1000), question, answer, answerType, start });
  }
  const vqaHeader = '{"info":{"description":"Synthetic VQAv2-shaped data for benchmarks"},"license":{"url":"http://creativecommons.org/licenses/by/4.0/","name":"Creative Commons Attribution 4.0 International License"},"data_subtype":"train2014",';
  const questionsFile = join(folder, 'vqa/v2_OpenEnded_mscoco_train2014_questions.json');
  writer = await openWriter(questionsFile);
  await writer.write(`${vqaHeader}"task_type":"Open-Ended","data_type":"mscoco","questions":[`);
  await writeArray(writer, questions.map((item) => `{"image_id":${item.imageId},"question":${json(item.question)},"question_id":${item.questionId}}`));
  await writer.write(']}\n');
  files.vqaQuestions = { file: questionsFile, records: questions.length, bytes: await writer.close() };
  const answersFile = join(folder, 'vqa/v2_mscoco_train2014_annotations.json');
  writer = await openWriter(answersFile);
  await writer.write(`${vqaHeader}"data_type":"mscoco","annotations":[`);
  await writeArray(
    writer,
    questions.map((item) => {
      const answers = [];
      for (let k = 1; k <= 10; k++) {
        const answer = random.chance(0.8) ? item.answer : item.answerType === 'yes/no' ? (item.answer === 'yes' ? 'no' : 'yes') : pick(random, COLOURS);
        answers.push(`{"answer":${json(answer)},"answer_confidence":"${random.chance(0.85) ? 'yes' : 'maybe'}","answer_id":${k}}`);
      }
      return `{"question_type":${json(item.start.toLowerCase())},"multiple_choice_answer":${json(item.answer)},"answers":[${answers.join(',')}],"image_id":${item.imageId},"answer_type":"${item.answerType}","question_id":${item.questionId}}`;
    }),
  );
  await writer.write(']}\n');
  files.vqaAnnotations = { file: answersFile, records: questions.length, bytes: await writer.close() };

  // Visual Genome: the COCO overlap plus VG-only images (coco_id null), whose annotations are dropped.
  const vgImages = [];
  const vgCoco = Math.min(count(FULL_SCALE.vgCocoImages), imageCount);
  for (let k = 0; k < vgCoco; k++) vgImages.push({ id: 1 + k, coco: images[Math.floor((k * imageCount) / vgCoco)] });
  for (let k = 0; k < count(FULL_SCALE.vgOnlyImages); k++) vgImages.push({ id: 2_000_000 + k, coco: undefined });
  const imageDataFile = join(folder, 'vg/image_data.json');
  writer = await openWriter(imageDataFile);
  await writer.write('[');
  await writeArray(
    writer,
    vgImages.map((image) => `{"width":${image.coco?.width ?? 800},"url":"https://cs.stanford.edu/people/rak248/VG_100K/${image.id}.jpg","height":${image.coco?.height ?? 600},"image_id":${image.id},"coco_id":${image.coco?.id ?? null},"flickr_id":null}`),
  );
  await writer.write(']\n');
  files.vgImages = { file: imageDataFile, records: vgImages.length, bytes: await writer.close() };
  let regionId = 1;
  let regions = 0;
  const regionsFile = join(folder, 'vg/region_descriptions.json');
  writer = await openWriter(regionsFile);
  await writer.write('[');
  await writeArray(
    writer,
    (function* () {
      for (const image of vgImages) {
        const width = image.coco?.width ?? 800;
        const height = image.coco?.height ?? 600;
        const items = [];
        const wanted = Math.round(FULL_SCALE.regionsPerImage * (0.5 + random.next()));
        for (let k = 0; k < wanted; k++) {
          const w = random.integer(10, width / 2);
          const h = random.integer(10, height / 2);
          items.push(`{"region_id":${regionId++},"width":${w},"height":${h},"image_id":${image.id},"phrase":${json(`${pick(random, COLOURS)} ${CATEGORIES[random.integer(0, CATEGORIES.length - 1)][1]} ${pick(random, PLACES)}`)},"y":${random.integer(0, height - h)},"x":${random.integer(0, width - w)}}`);
        }
        regions += items.length;
        yield `{"regions":[${items.join(',')}],"id":${image.id}}`;
      }
    })(),
  );
  await writer.write(']\n');
  files.vgRegions = { file: regionsFile, records: regions, bytes: await writer.close() };
  let qaId = 1;
  let qas = 0;
  const qasFile = join(folder, 'vg/question_answers.json');
  writer = await openWriter(qasFile);
  await writer.write('[');
  await writeArray(
    writer,
    (function* () {
      for (const image of vgImages) {
        const items = [];
        const wanted = Math.round(FULL_SCALE.qasPerImage * (0.5 + random.next()));
        for (let k = 0; k < wanted; k++) {
          const category = CATEGORIES[random.integer(0, CATEGORIES.length - 1)][1];
          items.push(`{"a_objects":[],"question":${json(`What color is the ${category}?`)},"image_id":${image.id},"qa_id":${qaId++},"answer":${json(`${pick(random, COLOURS).replace(/^./, (letter) => letter.toUpperCase())}.`)},"q_objects":[]}`);
        }
        qas += items.length;
        yield `{"id":${image.id},"qas":[${items.join(',')}]}`;
      }
    })(),
  );
  await writer.write(']\n');
  files.vgQuestions = { file: qasFile, records: qas, bytes: await writer.close() };
  return { folder, seed, scale, images: imageCount, files };
}

/** Bumped whenever the files written change, so cached copies are written again. */
export const syntheticVersion = 1;

/** The synthetic sources for (seed, scale) under `cacheFolder`, written once and reused. */
export async function ensureSyntheticSources({ cacheFolder, seed = 1, scale = 1, log = () => undefined }) {
  const { readFile, writeFile, rm } = await import('node:fs/promises');
  const folder = join(cacheFolder, `synthetic-coco-seed${seed}-scale${scale}`);
  const summaryFile = `${folder}.summary.json`;
  const cached = await readFile(summaryFile, 'utf8').then(JSON.parse, () => undefined);
  if (cached?.syntheticVersion === syntheticVersion) return cached;
  await rm(folder, { recursive: true, force: true });
  log(`writing synthetic COCO-shaped sources to ${folder} (seed ${seed}, scale ${scale}) ...`);
  const started = performance.now();
  const summary = { syntheticVersion, ...(await writeSyntheticSources({ folder, seed, scale })) };
  log(`written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await writeFile(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
