// The main job, run by `npm start`: the paper's recipe (`coco-all`) and its baseline (`mix665k-like`) over
// the bundled real COCO sample (fixtures/coco-sample), each written as Parquet shards with a dataset card,
// the statistics as JSON and an HTML report; then a check that the result converts to every training
// format and back without loss. Everything lands in out/.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createFormat, formatIds } from '@vift/formats';
import { openRecordFileSink, pipeSamples, convertDataset } from '@vift/formats/node';
import { BUILTIN_RECIPES } from '@vift/generate';
import { buildDataset } from '@vift/generate/node';
import { openParquetDataset } from '@vift/parquet/node';

const sources = 'fixtures/coco-sample';
const outDir = 'out';
const extension = { llava: 'json', sharegpt: 'json', 'sharegpt-messages': 'json', trl: 'jsonl', openai: 'jsonl' };

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

const built = [];
for (const name of ['coco-all', 'mix665k-like']) {
  const output = join(outDir, name);
  const summary = await buildDataset({ recipe: BUILTIN_RECIPES[name], sources, output });
  built.push({ name, output, summary, reports: summary.statistics });
}

for (const { name, output, summary, reports } of built) {
  console.log(`\n${name}: ${summary.samples} samples, ${summary.turns} turns on ${summary.images} COCO images`);
  for (const load of summary.loads) {
    const dropped = load.droppedNotCoco + load.droppedUnknownImage + load.droppedMalformed;
    console.log(`  ${load.dataset.padEnd(15)} ${String(load.annotations).padStart(5)} annotations${dropped > 0 ? `, ${dropped} dropped (${load.droppedNotCoco} not on COCO images, ${load.droppedUnknownImage} on images outside the sample, ${load.droppedMalformed} malformed)` : ''}`);
  }
  console.log(`  Parquet:    ${summary.files.join(', ')} (+ ${join(output, 'README.md')})`);
  console.log(`  statistics: ${reports.json}`);
  console.log(`  report:     ${reports.html}`);
}

// The built dataset converts to every training format and back to the same samples.
const parquet = join(outDir, 'coco-all');
const llava = join(outDir, 'coco-all-formats', 'coco-all.json');
await mkdir(join(outDir, 'coco-all-formats'), { recursive: true });
await pipeSamples({ input: parquet, entries: (await openParquetDataset(parquet)).entries, sink: await openRecordFileSink({ output: llava, to: 'llava' }) });
const original = JSON.stringify(JSON.parse(await readFile(llava, 'utf8')));
const rows = [];
let failures = 0;
for (const id of formatIds) {
  const output = join(outDir, 'coco-all-formats', `coco-all.${id}.${extension[id]}`);
  const there = await convertDataset({ input: llava, output, to: createFormat(id, { openaiExtras: true }) });
  const back = join(outDir, 'coco-all-formats', `coco-all.${id}.back.json`);
  await convertDataset({ input: output, output: back, from: id, to: 'llava' });
  const lossless = JSON.stringify(JSON.parse(await readFile(back, 'utf8'))) === original;
  if (!lossless) failures++;
  rows.push({ format: id, written: there.written, 'back to LLaVA': lossless ? 'identical' : 'DIFFERS' });
}
console.log('\ncoco-all in every training format (from its LLaVA JSON, and back):');
console.table(rows);
console.log(`outputs in ${outDir}/: open ${built[0].reports.html} in a browser for the statistics`);
if (failures > 0) {
  console.error(`${failures} round trip(s) differ from their input`);
  process.exitCode = 1;
}
