#!/usr/bin/env node
/**
 * `vift build --recipe coco-all` over synthetic sources at full COCO train2017 scale (118k images, 591k
 * captions, 860k instances, 443k VQAv2 questions with 10 answers, Visual Genome for 51k COCO images: about
 * 1.3 GB of official-format JSON, see lib/synthetic-coco.mjs), against DuckDB joining the same files per
 * COCO image into Parquet in the same run. Each is its own process, measured alike. Exits 1 when vift
 * takes over 90 s or 4 GB of peak RSS.
 *
 *   node bench/generate.mjs [--scale 1] [--seed 1] [--runs 1] [--skip-duckdb] [--keep]
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hasGnuTime, measureProcess } from './lib/measure-process.mjs';
import { ensureSyntheticSources } from './lib/synthetic-coco/index.mjs';
import { formatTable } from './lib/table.mjs';

const secondsLimit = 90;
const peakRssLimitMegabytes = 4096;
const benchFolder = dirname(fileURLToPath(import.meta.url));
const dataFolder = join(benchFolder, '.data');
const cli = resolve(benchFolder, '../apps/cli/dist/bin.js');
const outputFolder = join(dataFolder, `generate-${process.pid}`);
const { values: options } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, seed: { type: 'string', default: '1' }, runs: { type: 'string', default: '1' }, 'skip-duckdb': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } },
  strict: false,
});
const log = (text) => process.stdout.write(`${text}\n`);

async function measure(label, args, runs) {
  const results = [];
  for (let run = 1; run <= runs; run++) {
    log(`running ${label} ...`);
    const result = await measureProcess(process.execPath, args);
    if (result.code !== 0) throw new Error(`${label} exited with ${result.code}:\n${result.stderr}`);
    results.push(result);
  }
  const sorted = [...results].sort((left, right) => left.seconds - right.seconds);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], peakRssMegabytes: Math.max(...results.map((result) => result.peakRssMegabytes)) };
}

async function main() {
  if (!existsSync(cli)) throw new Error(`${cli} is missing; build first (npx turbo run build)`);
  if (!hasGnuTime()) throw new Error('GNU time (/usr/bin/time -f) is needed to measure peak RSS');
  const sources = await ensureSyntheticSources({ folder: dataFolder, seed: Number(options.seed), scale: Number(options.scale), log });
  const inputBytes = sources.totalBytes;
  log(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`);
  log(`input: ${sources.folder}: ${(inputBytes / 1e6).toFixed(0)} MB, ${Object.entries(sources.counts).map(([name, count]) => `${name} ${count.toLocaleString('en-US')}`).join(', ')}`);
  await mkdir(outputFolder, { recursive: true });
  const runs = Number(options.runs);
  const vift = await measure('vift build --recipe coco-all', [cli, 'build', '--recipe', 'coco-all', '--sources', sources.folder, '--out', join(outputFolder, 'vift'), '--json', '--quiet'], runs);
  const summary = JSON.parse(vift.stdout);
  const duckdb = options['skip-duckdb'] ? undefined : await measure('DuckDB join per image', [join(benchFolder, 'lib/duckdb-group-by-image.mjs'), sources.folder, join(outputFolder, 'duckdb.parquet')], runs);
  const row = (label, result) => [label, result.seconds.toFixed(2), (inputBytes / 1e6 / result.seconds).toFixed(1), result.cpuSeconds.toFixed(1), result.peakRssMegabytes.toFixed(0), result.otherCpuSeconds.toFixed(1)];
  log('');
  log(formatTable(['step', 'wall s', 'input MB/s', 'CPU s', 'peak RSS MB', 'other CPU s'], [row('vift build coco-all → Parquet', vift), ...(duckdb === undefined ? [] : [row('DuckDB join per image → Parquet', duckdb)])]));
  log('');
  log(`vift: ${summary.samples.toLocaleString('en-US')} samples, ${summary.turns.toLocaleString('en-US')} turns on ${summary.images.toLocaleString('en-US')} images`);
  if (duckdb !== undefined) log(`vift ÷ DuckDB: ${(vift.seconds / duckdb.seconds).toFixed(2)} (time), ${(vift.peakRssMegabytes / duckdb.peakRssMegabytes).toFixed(2)} (peak RSS)`);
  const fullScale = Number(options.scale) === 1;
  const checks = [
    [`vift built every image with annotations (${summary.images})`, summary.images === sources.images],
    ...(fullScale ? [[`vift wall time ${vift.seconds.toFixed(1)} s ≤ ${secondsLimit} s`, vift.seconds <= secondsLimit]] : []),
    [`vift peak RSS ${vift.peakRssMegabytes.toFixed(0)} MB < ${peakRssLimitMegabytes} MB`, vift.peakRssMegabytes < peakRssLimitMegabytes],
  ];
  log('');
  for (const [text, passed] of checks) log(`${passed ? 'ok  ' : 'FAIL'} ${text}`);
  await writeFile(
    join(dataFolder, 'generate-results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), inputBytes, vift: { seconds: vift.seconds, peakRssMegabytes: vift.peakRssMegabytes, samples: summary.samples }, duckdb: duckdb && { seconds: duckdb.seconds, peakRssMegabytes: duckdb.peakRssMegabytes }, checks: Object.fromEntries(checks) }, null, 2)}\n`,
  );
  if (checks.some(([, passed]) => !passed)) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`generate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  if (!options.keep) await rm(outputFolder, { recursive: true, force: true });
}
