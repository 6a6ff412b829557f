#!/usr/bin/env node
/**
 * CIDEr-D over the 5000 images of COCO captions_val2017, each image's lowest-id caption scored against its
 * other captions: vift's ciderD against pycocoevalcap's Python Cider, run as a child process in the same run
 * on the same token strings (tokenized once by vift's PTB tokenizer). Prints the scorers' times (median of
 * --runs), the Python process's wall time, the ratio and the largest score difference. Exit 1 when vift is
 * not at least 5× faster or a score differs by more than 1e-9. pycocoevalcap is imported from the folder
 * named by PYCOCOEVALCAP_PATH (the folder that contains the pycocoevalcap package); without it the Python
 * side is skipped.
 *
 *   PYCOCOEVALCAP_PATH=/path/to/parent node bench/metrics.mjs [--runs 5] [--python python3]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable } from './lib/table.mjs';

const minimumSpeedup = 5;
const maximumDifference = 1e-9;
const benchFolder = dirname(fileURLToPath(import.meta.url));
const dataFolder = join(benchFolder, '.data');
const evalEntry = resolve(benchFolder, '../packages/eval/dist/index.js');
const captionsFile = resolve(benchFolder, '../fixtures/eval/captions_val2017.json');
const pythonScript = join(benchFolder, 'lib/pycocoevalcap-cider.py');

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    python: { type: 'string', default: 'python3' },
  },
  strict: false,
});
const log = (text) => process.stdout.write(`${text}\n`);
const median = (values) => [...values].sort((left, right) => left - right)[Math.floor((values.length - 1) / 2)];

/** Leave-one-out examples in the order of the file's images list, as pycocoevalcap orders images. */
function leaveOneOut(coco) {
  const byImage = new Map(coco.images.map((image) => [image.id, []]));
  for (const annotation of coco.annotations) byImage.get(annotation.image_id).push(annotation);
  return [...byImage].map(([id, annotations]) => {
    const candidate = annotations.reduce((lowest, annotation) => (annotation.id < lowest.id ? annotation : lowest));
    return { id, candidate: candidate.caption, references: annotations.filter((annotation) => annotation !== candidate).map((annotation) => annotation.caption) };
  });
}

async function main() {
  if (!existsSync(evalEntry)) throw new Error(`${evalEntry} is missing; build first (npx turbo run build)`);
  const { ciderD, tokenizeCaptions } = await import(evalEntry);
  const runs = Math.max(1, Number(options.runs));
  const raw = leaveOneOut(JSON.parse(await readFile(captionsFile, 'utf8')));
  log(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`);

  const tokenizeStart = performance.now();
  const references = tokenizeCaptions(raw.flatMap((example) => example.references));
  const candidates = tokenizeCaptions(raw.map((example) => example.candidate));
  const tokenizeSeconds = (performance.now() - tokenizeStart) / 1000;
  let next = 0;
  const examples = raw.map((example, index) => ({ id: example.id, candidate: candidates[index], references: example.references.map(() => references[next++]) }));
  log(`input: ${captionsFile} (${examples.length} images, ${references.length} references), PTB-tokenized by vift in ${tokenizeSeconds.toFixed(2)} s`);

  const viftTimes = [];
  let vift;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    vift = ciderD({ examples });
    viftTimes.push((performance.now() - start) / 1000);
  }
  const viftSeconds = median(viftTimes);

  await mkdir(dataFolder, { recursive: true });
  const inputFile = join(dataFolder, `metrics-cider-${process.pid}.json`);
  await writeFile(inputFile, JSON.stringify({ examples }));
  const pythonStart = performance.now();
  const child = spawnSync(options.python, [pythonScript, inputFile, String(runs)], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const pythonWall = (performance.now() - pythonStart) / 1000;
  await rm(inputFile, { force: true });
  if (child.error !== undefined) throw new Error(`cannot run ${options.python}: ${child.error.message}`);
  if (child.status !== 0) throw new Error(`${pythonScript} exited with ${child.status}:\n${child.stderr}`);
  const python = JSON.parse(child.stdout);

  const rows = [['vift ciderD', vift.score.toFixed(6), viftSeconds.toFixed(3), '']];
  if (python.skipped !== undefined) {
    log('');
    log(formatTable(['CIDEr-D', 'score', `scorer s (median of ${runs})`, 'process wall s'], rows));
    log('');
    log(`skipped pycocoevalcap: ${python.skipped}`);
    return;
  }
  rows.push(['pycocoevalcap Cider', python.score.toFixed(6), python.seconds.toFixed(3), pythonWall.toFixed(2)]);
  const speedup = python.seconds / viftSeconds;
  const perImage = Math.max(...vift.perImage.map((image, index) => Math.abs(image.score - python.scores[index])));
  const corpus = Math.abs(vift.score - python.score);
  log('');
  log(formatTable(['CIDEr-D', 'score', `scorer s (median of ${runs})`, 'process wall s'], rows));
  log('');
  log(formatTable(['comparison', 'value'], [['pycocoevalcap ÷ vift time', `${speedup.toFixed(1)}×`], ['max |Δ| per image', perImage.toExponential(2)], ['|Δ| corpus', corpus.toExponential(2)]]));
  const checks = [
    [`vift at least ${minimumSpeedup}× faster (${speedup.toFixed(1)}×)`, speedup >= minimumSpeedup],
    [`scores agree within ${maximumDifference} (max ${perImage.toExponential(2)})`, perImage <= maximumDifference && corpus <= maximumDifference],
  ];
  log('');
  for (const [text, passed] of checks) log(`${passed ? 'ok  ' : 'FAIL'} ${text}`);
  await writeFile(
    join(dataFolder, 'metrics-results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), images: examples.length, runs, tokenizeSeconds, vift: { seconds: viftSeconds, times: viftTimes, score: vift.score }, pycocoevalcap: { seconds: python.seconds, times: python.times, wallSeconds: pythonWall, score: python.score }, speedup, maxDifferencePerImage: perImage, differenceCorpus: corpus, checks: Object.fromEntries(checks) }, null, 2)}\n`,
  );
  if (checks.some(([, passed]) => !passed)) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`metrics: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
