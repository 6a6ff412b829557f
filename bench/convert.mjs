#!/usr/bin/env node
/**
 * LLaVA JSON ⇄ Parquet on a file shaped like llava_v1_5_mix665k.json (665,298 records, about 1 GB), vift
 * against DuckDB in the same run: JSON → Parquet with each tool, then each tool's Parquet → JSON array.
 * Each command is its own process (wall time and peak RSS measured alike); exit 1 when vift's peak RSS
 * reaches 600 MB or a row count is off.
 *
 *   node bench/convert.mjs [--records 665298] [--seed 1] [--runs 1] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cachedLlavaMix } from './lib/cached-input.mjs';
import { hasGnuTime, measureProcess } from './lib/measure-process.mjs';
import { formatTable } from './lib/table.mjs';

const peakRssLimitMegabytes = 600;
const benchFolder = dirname(fileURLToPath(import.meta.url));
const dataFolder = join(benchFolder, '.data');
const cli = resolve(benchFolder, '../apps/cli/dist/bin.js');
const duckdbScript = join(benchFolder, 'lib/duckdb-parquet.mjs');
const outputFolder = join(dataFolder, `convert-${process.pid}`);

const { values: options } = parseArgs({
  options: {
    records: { type: 'string', default: '665298' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
  strict: false,
});
const log = (text) => process.stdout.write(`${text}\n`);
const megabytes = (bytes) => bytes / 1e6;

async function main() {
  if (!existsSync(cli)) throw new Error(`${cli} is missing; build first (npx turbo run build)`);
  if (!hasGnuTime()) throw new Error('GNU time (/usr/bin/time -f) is needed to measure peak RSS');
  const input = await cachedLlavaMix({ folder: dataFolder, records: Number(options.records), seed: Number(options.seed), log });
  await mkdir(outputFolder, { recursive: true });
  const out = (name) => join(outputFolder, name);
  log(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`);
  log(`input: ${input.file} (${megabytes(input.bytes).toFixed(0)} MB, ${input.records.toLocaleString('en-US')} records)`);

  const steps = [
    { key: 'viftToParquet', label: 'vift JSON → Parquet', vift: true, output: out('vift.parquet'), args: [cli, 'convert', input.file, out('vift.parquet'), '--to', 'parquet', '--quiet', '--json'] },
    { key: 'duckdbToParquet', label: 'DuckDB JSON → Parquet', output: out('duckdb.parquet'), args: [duckdbScript, 'to-parquet', input.file, out('duckdb.parquet')] },
    { key: 'viftToJson', label: 'vift Parquet → JSON', vift: true, output: out('vift.json'), args: [cli, 'convert', out('vift.parquet'), out('vift.json'), '--to', 'llava', '--quiet', '--json'] },
    { key: 'duckdbToJson', label: 'DuckDB Parquet → JSON', output: out('duckdb.json'), args: [duckdbScript, 'to-json', out('duckdb.parquet'), out('duckdb.json')] },
  ];
  const results = {};
  for (const step of steps) {
    const runs = [];
    for (let attempt = 1; attempt <= Number(options.runs); attempt++) {
      log(`running ${step.label} ...`);
      await rm(step.output, { recursive: true, force: true });
      spawnSync('sync');
      const run = await measureProcess(process.execPath, step.args);
      if (run.code !== 0) throw new Error(`${step.label} exited with ${run.code}:\n${run.stderr}`);
      runs.push(run);
    }
    const sorted = runs.map((run) => run.seconds).sort((left, right) => left - right);
    const last = runs.at(-1);
    results[step.key] = { ...last, seconds: sorted[Math.floor((sorted.length - 1) / 2)], peakRssMegabytes: Math.max(...runs.map((run) => run.peakRssMegabytes)), outputBytes: (await stat(step.output)).size };
  }
  const rows = steps.map((step) => {
    const result = results[step.key];
    return [step.label, result.seconds.toFixed(2), (megabytes(input.bytes) / result.seconds).toFixed(1), result.cpuSeconds.toFixed(1), result.peakRssMegabytes.toFixed(0), megabytes(result.outputBytes).toFixed(0), result.otherCpuSeconds.toFixed(1)];
  });
  log('');
  log(formatTable(['step', 'wall s', 'input MB/s', 'CPU s', 'peak RSS MB', 'output MB', 'other CPU s'], rows));
  const ratio = (vift, duckdb) => (results[vift].seconds / results[duckdb].seconds).toFixed(2);
  log('');
  log(formatTable(['vift ÷ DuckDB', 'time'], [['JSON → Parquet', ratio('viftToParquet', 'duckdbToParquet')], ['Parquet → JSON', ratio('viftToJson', 'duckdbToJson')]]));
  const toParquet = JSON.parse(results.viftToParquet.stdout);
  const toJson = JSON.parse(results.viftToJson.stdout);
  const duckdbRows = JSON.parse(results.duckdbToParquet.stdout).rows;
  const checks = [
    [`vift wrote every record to Parquet (${toParquet.written})`, toParquet.written === input.records],
    [`vift wrote every row back to JSON (${toJson.written})`, toJson.written === input.records],
    [`DuckDB read every record (${duckdbRows})`, duckdbRows === input.records],
    ...steps.filter((step) => step.vift).map((step) => [`${step.label} peak RSS ${results[step.key].peakRssMegabytes.toFixed(0)} MB < ${peakRssLimitMegabytes} MB`, results[step.key].peakRssMegabytes < peakRssLimitMegabytes]),
  ];
  log('');
  for (const [text, passed] of checks) log(`${passed ? 'ok  ' : 'FAIL'} ${text}`);
  await writeFile(join(dataFolder, 'convert-results.json'), `${JSON.stringify({ date: new Date().toISOString(), input: { bytes: input.bytes, records: input.records }, results: Object.fromEntries(Object.entries(results).map(([key, result]) => [key, { seconds: result.seconds, cpuSeconds: result.cpuSeconds, otherCpuSeconds: result.otherCpuSeconds, peakRssMegabytes: result.peakRssMegabytes, outputBytes: result.outputBytes }])), checks: Object.fromEntries(checks) }, null, 2)}\n`);
  if (checks.some(([, passed]) => !passed)) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`convert: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  if (!options.keep) await rm(outputFolder, { recursive: true, force: true });
}
