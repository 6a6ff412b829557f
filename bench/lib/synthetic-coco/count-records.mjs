/**
 * Counts a kit's records by scanning its bytes for the key that opens each record (`"caption": `,
 * `"region_id": `...), streaming, so a full-scale kit is checked without parsing 1.4 GB of JSON. The keys
 * cannot occur inside string values, where a quote is always escaped. Used to check a written kit
 * against its targets independently of the writer's own counting.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';

/** File → { count name: the bytes that appear once per record }. */
export const recordKeys = {
  'coco/annotations/captions_train2017.json': { images: '"file_name": ', captions: '"caption": ' },
  'coco/annotations/instances_train2017.json': { images: '"file_name": ', instances: '"iscrowd": ', crowd: '"iscrowd": 1', categories: '"supercategory": ' },
  'vqa/v2_OpenEnded_mscoco_train2014_questions.json': { questions: '"question_id": ' },
  'vqa/v2_mscoco_train2014_annotations.json': { annotations: '"multiple_choice_answer": ', answers: '"answer_id": ' },
  'vg/image_data.json': { images: '"coco_id": ', vgOnlyImages: '"coco_id": null' },
  'vg/region_descriptions.json': { images: '"regions": ', regions: '"region_id": ' },
  'vg/question_answers.json': { images: '"qas": ', questions: '"qa_id": ' },
};

/** Counts each needle in one file; a needle split across two reads is still seen once. */
export async function countInFile(file, needles) {
  const patterns = Object.entries(needles).map(([name, text]) => [name, Buffer.from(text)]);
  const longest = Math.max(...patterns.map(([, pattern]) => pattern.length));
  const counts = Object.fromEntries(patterns.map(([name]) => [name, 0]));
  let carried = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 22 })) {
    const window = carried.length === 0 ? chunk : Buffer.concat([carried, chunk]);
    for (const [name, pattern] of patterns) {
      // Only matches that end in the new bytes count, so a match inside the carried tail is not counted twice.
      let at = window.indexOf(pattern, Math.max(0, carried.length - pattern.length + 1));
      while (at !== -1) {
        counts[name]++;
        at = window.indexOf(pattern, at + 1);
      }
    }
    carried = window.subarray(Math.max(0, window.length - (longest - 1)));
  }
  return counts;
}

/** Counts every kit file under `folder`: `{ [file]: { [count name]: number } }`. */
export async function countRecords({ folder }) {
  const result = {};
  for (const [file, needles] of Object.entries(recordKeys)) result[file] = await countInFile(join(folder, file), needles);
  return result;
}

/**
 * Scans the kit under `folder` and compares what it finds with the counts the writer reported
 * (`summary.files[].records`). Resolves to `{ counted, mismatches }`, each mismatch a readable line.
 */
export async function verifyRecordCounts({ folder, summary }) {
  const counted = await countRecords({ folder });
  const mismatches = [];
  for (const file of summary.files) {
    for (const [name, value] of Object.entries(counted[file.file] ?? {})) {
      const reported = file.records[name];
      if (reported !== undefined && reported !== value) mismatches.push(`${file.file}: ${value} ${name} found, ${reported} written`);
    }
  }
  return { counted, mismatches };
}
