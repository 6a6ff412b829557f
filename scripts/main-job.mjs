// The main job, run by `npm start`: validates the bundled real LLaVA-format sample and converts it to every
// format vift writes, Parquet included (and back to LLaVA, checking nothing was lost), printing a summary
// and writing out/.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createFormat, formatIds } from '@vift/formats';
import { convertDataset, openDataset, openRecordFileSink, pipeSamples, validateDatasetFile } from '@vift/formats/node';
import { createCodec, viftLayout } from '@vift/parquet';
import { openParquetDataset, openParquetSink } from '@vift/parquet/node';

const inputs = [
  'fixtures/llava/llava-instruct-coco-val-30-multiturn.json',
  'fixtures/llava/llava-instruct-coco-val-90.json',
  'fixtures/llava/llava-bench-coco-90.json',
  'fixtures/llava/llava-bench-in-the-wild-60.json',
];
const outDir = 'out/main-job';
const extension = { llava: 'json', sharegpt: 'json', 'sharegpt-messages': 'json', trl: 'jsonl', openai: 'jsonl' };

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });

const rows = [];
let failures = 0;
for (const input of inputs) {
  const name = input.split('/').at(-1).replace(/\.json$/, '');
  const report = await validateDatasetFile(input);
  const original = JSON.stringify(JSON.parse(await readFile(input, 'utf8')));
  for (const id of formatIds) {
    const folder = join(outDir, id);
    await mkdir(folder, { recursive: true });
    const output = join(folder, `${name}.${extension[id]}`);
    const there = await convertDataset({ input, output, to: createFormat(id, { openaiExtras: true }) });
    const back = join(folder, `${name}.back.json`);
    await convertDataset({ input: output, output: back, from: id, to: 'llava' });
    const lossless = JSON.stringify(JSON.parse(await readFile(back, 'utf8'))) === original;
    if (!lossless) failures++;
    rows.push({ dataset: name, records: report.records, valid: report.valid, format: id, written: there.written, 'back to LLaVA': lossless ? 'identical' : 'DIFFERS' });
  }
  // Parquet (Hugging Face layout, zstd) and back.
  const parquetFolder = join(outDir, 'parquet');
  await mkdir(parquetFolder, { recursive: true });
  const parquetFile = join(parquetFolder, `${name}.parquet`);
  const sink = await openParquetSink({ output: parquetFile, layout: viftLayout, codec: await createCodec('ZSTD') });
  const written = await pipeSamples({ input, entries: (await openDataset(input)).entries, sink });
  const back = join(parquetFolder, `${name}.back.json`);
  await pipeSamples({ input: parquetFile, entries: (await openParquetDataset(parquetFile)).entries, sink: await openRecordFileSink({ output: back, to: 'llava' }) });
  const lossless = JSON.stringify(JSON.parse(await readFile(back, 'utf8'))) === original;
  if (!lossless) failures++;
  rows.push({ dataset: name, records: report.records, valid: report.valid, format: 'parquet', written: written.written, 'back to LLaVA': lossless ? 'identical' : 'DIFFERS' });
}
console.table(rows);
console.log(`outputs in ${outDir}/ (one folder per format; *.back.json are the round trips)`);
if (failures > 0) {
  console.error(`${failures} round trip(s) differ from their input`);
  process.exitCode = 1;
}
