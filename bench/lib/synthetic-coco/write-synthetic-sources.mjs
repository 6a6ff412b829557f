/**
 * Writes the whole kit under a folder: plans it once, then writes the files on up to `jobs` worker
 * threads, and checks the records each file got against the plan's exact targets.
 */
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { captionsPath, instancesPath } from './coco-files.mjs';
import { Worker } from 'node:worker_threads';
import { fileTasks, runFileTask } from './file-tasks.mjs';
import { planSyntheticSources } from './plan.mjs';
import { imageDataPath, questionAnswersPath, regionsPath } from './visual-genome-files.mjs';
import { annotationsPath, questionsPath } from './vqa-files.mjs';

/** Every file of the kit, relative to its folder. */
export const kitFiles = [captionsPath, instancesPath, questionsPath, annotationsPath, imageDataPath, regionsPath, questionAnswersPath];

/** Bumped whenever the bytes for a given seed and scale change, so cached kits are written again. */
export const generatorVersion = 1;

async function runOnWorkers(names, jobs, context) {
  const queue = [...names];
  const results = [];
  // Flags for the main script (`--input-type` of `node -e`) would stop a worker file from loading.
  const execArgv = process.execArgv.filter((flag) => !flag.startsWith('--input-type'));
  const workers = Array.from({ length: Math.min(jobs, names.length) }, () => new Worker(new URL('./file-worker.mjs', import.meta.url), { workerData: context, execArgv }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise((done, fail) => {
            const next = () => {
              const task = queue.shift();
              if (task === undefined) return done();
              worker.postMessage({ task });
            };
            worker.on('message', (message) => {
              if (message.error !== undefined) return fail(new Error(`writing ${message.task}: ${message.error}`));
              results.push(...message.files);
              next();
            });
            worker.on('error', fail);
            worker.on('exit', (code) => (queue.length > 0 || code !== 0 ? fail(new Error(`a synthetic-coco worker exited with code ${code}`)) : undefined));
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/** Which written count must equal which planned target. */
function mismatches(files, counts) {
  const byFile = Object.fromEntries(files.map((file) => [file.file, file.records]));
  const expected = [
    ['coco/annotations/captions_train2017.json', 'images', counts.images], ['coco/annotations/captions_train2017.json', 'captions', counts.captions],
    ['coco/annotations/instances_train2017.json', 'images', counts.images], ['coco/annotations/instances_train2017.json', 'instances', counts.instances],
    ['vqa/v2_OpenEnded_mscoco_train2014_questions.json', 'questions', counts.vqaQuestions], ['vqa/v2_mscoco_train2014_annotations.json', 'annotations', counts.vqaQuestions],
    ['vg/image_data.json', 'cocoImages', counts.vgCocoImages], ['vg/image_data.json', 'vgOnlyImages', counts.vgOnlyImages],
    ['vg/region_descriptions.json', 'regions', counts.vgRegions], ['vg/question_answers.json', 'questions', counts.vgQuestions],
  ];
  return expected.filter(([file, key, target]) => byFile[file]?.[key] !== target).map(([file, key, target]) => `${file} has ${byFile[file]?.[key]} ${key}, not ${target}`);
}

/**
 * Writes the kit under `folder` (created if missing; files there with the same names are replaced).
 * Options: `seed` (default 1), `scale` (default 1: full train2017), `vgRegionsPerImage` (default 50),
 * `utf8` (default false: non-ASCII as \uXXXX escapes like the official files; true: raw UTF-8),
 * `jobs` (worker threads, default up to 2; 1 writes in this thread). Resolves to the summary:
 * `{ generatorVersion, seed, scale, vgRegionsPerImage, utf8, images, counts, files: [{ file, bytes, records }], totalBytes, seconds }`
 * (`images`: the number of COCO images; `counts`: every target, all met; `records`: what each file got).
 */
export async function writeSyntheticSources({ folder, seed = 1, scale = 1, vgRegionsPerImage, utf8 = false, jobs = Math.min(2, availableParallelism()), log = () => undefined }) {
  if (typeof folder !== 'string' || folder === '') throw new Error('writeSyntheticSources needs a folder to write into (--out)');
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs is ${jobs}: give a whole number of 1 or more`);
  const started = performance.now();
  const plan = { ...planSyntheticSources({ seed, scale, vgRegionsPerImage }), utf8: Boolean(utf8) };
  log(`planned ${plan.counts.images.toLocaleString('en-US')} images in ${((performance.now() - started) / 1000).toFixed(1)} s; writing on ${jobs} thread(s) ...`);
  const context = { folder: resolve(folder), plan };
  const names = Object.keys(fileTasks);
  let files = [];
  try {
    if (jobs === 1) for (const name of names) files.push(...(await runFileTask(name, context)));
    else files = await runOnWorkers(names, jobs, context);
  } catch (error) {
    // A worker stopped mid-file leaves its partial file behind; the names are known.
    await Promise.all(kitFiles.map((file) => rm(join(context.folder, `${file}.partial-${process.pid}`), { force: true })));
    throw error;
  }
  files.sort((left, right) => left.file.localeCompare(right.file));
  const wrong = mismatches(files, plan.counts);
  if (wrong.length > 0) throw new Error(`the synthetic kit does not match its plan: ${wrong.join('; ')}`);
  return {
    generatorVersion,
    seed: plan.seed,
    scale: plan.scale,
    vgRegionsPerImage: plan.vgRegionsPerImage,
    utf8: plan.utf8,
    images: plan.counts.images,
    counts: plan.counts,
    files,
    totalBytes: files.reduce((sum, file) => sum + file.bytes, 0),
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
  };
}
