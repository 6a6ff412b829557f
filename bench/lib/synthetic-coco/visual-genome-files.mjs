/**
 * Visual Genome's image_data.json, region_descriptions.json and question_answers.json in the official
 * layout (top-level arrays, Python's ", " and ": "), images ascending by VG id. Most images link to a COCO
 * image through `coco_id`, often at a larger size (800 on the long side), so boxes need scaling; the rest
 * have `coco_id: null`, and a loader has to drop their regions and QAs.
 */
import { join } from 'node:path';
import { jsonStringFor, writeFileInChunks } from './json-writer.mjs';
import { normal, streamRandom } from './random-tools.mjs';
import { TextFactory } from './text.mjs';

export const imageDataPath = 'vg/image_data.json';
export const regionsPath = 'vg/region_descriptions.json';
export const questionAnswersPath = 'vg/question_answers.json';

/** The categories of the linked COCO image's objects; none for a VG-only image. */
function categoriesOf(plan, vgIndex) {
  const coco = plan.vg.cocoIndex[vgIndex];
  if (coco < 0) return [];
  const { objectOffsets, objectCategory } = plan.images;
  return objectCategory.subarray(objectOffsets[coco], objectOffsets[coco + 1]);
}

export async function writeVisualGenomeImages({ folder, plan }) {
  const random = streamRandom(plan.seed, 'vg-images');
  const { ids, cocoIndex, widths, heights } = plan.vg;
  let linked = 0;
  const bytes = await writeFileInChunks(join(folder, imageDataPath), async (writer) => {
    writer.push('[');
    for (let index = 0; index < ids.length; index++) {
      const coco = cocoIndex[index];
      if (coco >= 0) linked++;
      const folderName = ids[index] >= 2_000_000 ? 'VG_100K_2' : 'VG_100K';
      const flickr = random.chance(0.6) ? String(random.integer(1_000_000_000, 9_999_999_999)) : 'null';
      const text =
        `${index === 0 ? '' : ', '}{"width": ${widths[index]}, "url": "https://cs.stanford.edu/people/rak248/${folderName}/${ids[index]}.jpg", ` +
        `"height": ${heights[index]}, "image_id": ${ids[index]}, "coco_id": ${coco >= 0 ? plan.images.ids[coco] : 'null'}, "flickr_id": ${flickr}}`;
      if (writer.push(text)) await writer.flush();
    }
    writer.push(']');
  });
  return { file: imageDataPath, bytes, records: { images: ids.length, cocoImages: linked, vgOnlyImages: ids.length - linked } };
}

export async function writeVisualGenomeRegions({ folder, plan }) {
  const random = streamRandom(plan.seed, 'vg-regions');
  const text = new TextFactory(random);
  const string = jsonStringFor(plan);
  const { ids, widths, heights, regionCounts } = plan.vg;
  let regions = 0;
  let regionId = 0;
  const bytes = await writeFileInChunks(join(folder, regionsPath), async (writer) => {
    writer.push('[');
    for (let index = 0; index < ids.length; index++) {
      const categoryIndexes = categoriesOf(plan, index);
      const width = widths[index];
      const height = heights[index];
      writer.push(`${index === 0 ? '' : ', '}{"regions": [`);
      for (let k = 0; k < regionCounts[index]; k++) {
        // Region sizes spread from a few pixels to the whole image, a quarter of a side typically.
        const w = Math.max(1, Math.min(width, Math.round(width * Math.exp(Math.log(0.25) + 0.7 * normal(random)))));
        const h = Math.max(1, Math.min(height, Math.round(height * Math.exp(Math.log(0.25) + 0.7 * normal(random)))));
        regionId += 1 + Math.floor(random.next() * 1.5);
        regions++;
        writer.push(
          `${k === 0 ? '' : ', '}{"region_id": ${regionId}, "width": ${w}, "height": ${h}, "image_id": ${ids[index]}, ` +
            `"phrase": ${string(text.regionPhrase(categoryIndexes))}, "y": ${random.integer(0, height - h)}, "x": ${random.integer(0, width - w)}}`,
        );
      }
      if (writer.push(`], "id": ${ids[index]}}`)) await writer.flush();
    }
    writer.push(']');
  });
  return { file: regionsPath, bytes, records: { images: ids.length, regions } };
}

export async function writeVisualGenomeQuestions({ folder, plan }) {
  const random = streamRandom(plan.seed, 'vg-questions');
  const text = new TextFactory(random);
  const string = jsonStringFor(plan);
  const { ids, questionCounts } = plan.vg;
  let questions = 0;
  let qaId = 0;
  const bytes = await writeFileInChunks(join(folder, questionAnswersPath), async (writer) => {
    writer.push('[');
    for (let index = 0; index < ids.length; index++) {
      const categoryIndexes = categoriesOf(plan, index);
      writer.push(`${index === 0 ? '' : ', '}{"id": ${ids[index]}, "qas": [`);
      for (let k = 0; k < questionCounts[index]; k++) {
        const { question, answer } = text.vgQuestion(categoryIndexes);
        qaId += 1 + Math.floor(random.next() * 1.3);
        questions++;
        writer.push(
          `${k === 0 ? '' : ', '}{"a_objects": [], "question": ${string(question)}, "image_id": ${ids[index]}, "qa_id": ${qaId}, ` +
            `"answer": ${string(answer)}, "q_objects": []}`,
        );
      }
      if (writer.push(']}')) await writer.flush();
    }
    writer.push(']');
  });
  return { file: questionAnswersPath, bytes, records: { images: ids.length, questions } };
}
