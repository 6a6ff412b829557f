/**
 * The kit's writing jobs, largest first so that two workers finish at about the same time. Each job
 * draws from its own random stream, so the bytes do not depend on which worker runs it or when.
 */
import { writeCocoCaptions, writeCocoInstances } from './coco-files.mjs';
import { writeVisualGenomeImages, writeVisualGenomeQuestions, writeVisualGenomeRegions } from './visual-genome-files.mjs';
import { writeVqa } from './vqa-files.mjs';

export const fileTasks = {
  'coco-instances': writeCocoInstances,
  vqa: writeVqa,
  'vg-regions': writeVisualGenomeRegions,
  'coco-captions': writeCocoCaptions,
  'vg-questions': writeVisualGenomeQuestions,
  'vg-images': writeVisualGenomeImages,
};

/** Runs one task; resolves to a list of file summaries (the VQA task writes two files). */
export async function runFileTask(name, context) {
  const task = fileTasks[name];
  if (task === undefined) throw new Error(`unknown synthetic-coco task ${name}`);
  const result = await task(context);
  return Array.isArray(result) ? result : [result];
}
