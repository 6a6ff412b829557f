#!/usr/bin/env node
/**
 * vift validate and vift convert (LLaVA JSON array → LLaVA JSON Lines) on a 1.2 GB file shaped like
 * llava_v1_5_mix665k.json, against DuckDB's native read_json + COPY doing the same conversion, both with
 * the input order kept (DuckDB's default, and what vift does) and without. Each tool runs as its own
 * process, one after another, so wall time, CPU time and peak RSS are measured the same way.
 * Fails (exit 1) when vift's peak RSS reaches the limit or the outputs do not add up.
 *
 *   node bench/validate-convert.mjs [--bytes 1.2e9] [--seed 1] [--indent 0|2] [--runs 1] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { countLines, readThrough } from './lib/count-lines.mjs';
import { cachedLlavaMix } from './lib/cached-input.mjs';
import { hasGnuTime, measureProcess } from './lib/measure-process.mjs';
import { formatTable } from './lib/table.mjs';

const peakRssLimitMegabytes = 300;
const benchFolder = dirname(fileURLToPath(import.meta.url));
const dataFolder = join(benchFolder, '.data');
const cli = resolve(benchFolder, '../apps/cli/dist/bin.js');
const duckdbScript = join(benchFolder, 'lib/duckdb-copy.mjs');
const outputFolder = join(dataFolder, `out-${process.pid}`);

const { values: options } = parseArgs({
  options: {
    bytes: { type: 'string', default: '1.2e9' },
    seed: { type: 'string', default: '1' },
    indent: { type: 'string', default: '0' },
    runs: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
  // run-all passes its arguments to every script; ignore the ones meant for others.
  strict: false,
});

const log = (text) => process.stdout.write(`${text}\n`);

async function main() {
  if (!existsSync(cli)) throw new Error(`${cli} is missing; build first (npx turbo run build)`);
  if (!hasGnuTime()) throw new Error('GNU time (/usr/bin/time -f) is needed to measure peak RSS');
  const runCount = Number(options.runs);
  const input = await cachedLlavaMix({ folder: dataFolder, bytes: Number(options.bytes), seed: Number(options.seed), indent: Number(options.indent), log });
  await mkdir(outputFolder, { recursive: true });
  const viftOutput = join(outputFolder, 'vift.jsonl');
  const shareGptOutput = join(outputFolder, 'vift-sharegpt.jsonl');
  const duckdbOutput = join(outputFolder, 'duckdb.jsonl');

  log(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`);
  log(`input: ${input.file} (${megabytes(input.bytes)} MB, ${input.records.toLocaleString('en-US')} records)`);
  const readSeconds = await readThrough(input.file);
  log(`page cache warmed: read in ${readSeconds.toFixed(2)} s (${rate(input.bytes, readSeconds)} MB/s)`);

  const steps = [
    { key: 'validate', label: 'vift validate', args: [cli, 'validate', input.file, '--quiet', '--json'] },
    { key: 'convert', label: 'vift convert → JSONL', output: viftOutput, args: [cli, 'convert', input.file, viftOutput, '--to', 'llava-jsonl', '--quiet'] },
    // Another format: every record is parsed, mapped to a sample and printed again (no byte copying).
    { key: 'convertShareGpt', label: 'vift convert → ShareGPT JSONL', output: shareGptOutput, args: [cli, 'convert', input.file, shareGptOutput, '--to', 'sharegpt-jsonl', '--no-dataset-info', '--quiet'] },
    { key: 'duckdb', label: 'DuckDB → JSONL', output: duckdbOutput, args: [duckdbScript, input.file, duckdbOutput] },
    { key: 'duckdbUnordered', label: 'DuckDB → JSONL, unordered', output: duckdbOutput, args: [duckdbScript, input.file, duckdbOutput, '--unordered'] },
  ];
  const results = {};
  for (const step of steps) {
    const runs = [];
    for (let attempt = 1; attempt <= runCount; attempt++) {
      log(`running ${step.label}${runCount > 1 ? ` (${attempt}/${runCount})` : ''} ...`);
      // Start each run with its old output gone and earlier writes flushed, so no run pays for another's.
      if (step.output !== undefined) await rm(step.output, { force: true });
      spawnSync('sync');
      const run = await measureProcess(process.execPath, step.args);
      // validate exits 1 when records are invalid; the checks below report that.
      if (run.code !== 0 && !(step.key === 'validate' && run.code === 1)) {
        throw new Error(`${step.label} exited with ${run.code}:\n${run.stderr}`);
      }
      runs.push(run);
    }
    results[step.key] = summarize(runs);
    if (step.key === 'convert') results.convert.lines = await countLines(viftOutput);
    if (step.key === 'convertShareGpt') results.convertShareGpt.lines = await countLines(shareGptOutput);
    if (step.key.startsWith('duckdb')) results[step.key].lines = await countLines(duckdbOutput);
  }

  const { validate, convert, convertShareGpt, duckdb, duckdbUnordered } = results;
  const report = JSON.parse(validate.stdout);
  const duckdbRows = JSON.parse(duckdb.stdout);
  const unorderedRows = JSON.parse(duckdbUnordered.stdout);
  const tableRow = (step) => {
    const result = results[step.key];
    const label = step.key.startsWith('duckdb') ? step.label.replace('DuckDB', `DuckDB ${duckdbRows.version}`) : step.label;
    return [label, result.seconds.toFixed(2), rate(input.bytes, result.seconds), result.cpuSeconds.toFixed(1), result.peakRssMegabytes.toFixed(0), result.otherCpuSeconds.toFixed(1)];
  };
  const ratioRow = (label, result) => [
    label,
    (result.seconds / duckdb.seconds).toFixed(2),
    (result.peakRssMegabytes / duckdb.peakRssMegabytes).toFixed(2),
    (result.seconds / duckdbUnordered.seconds).toFixed(2),
    (result.peakRssMegabytes / duckdbUnordered.peakRssMegabytes).toFixed(2),
  ];
  log('');
  log(`${runCount > 1 ? `median wall and CPU of ${runCount} runs, highest peak RSS; ` : ''}MB = 10^6 bytes`);
  log(formatTable(['step', 'wall s', 'MB/s', 'CPU s', 'peak RSS MB', 'other CPU s'], steps.map(tableRow)));
  const disturbed = steps.filter((step) => results[step.key].otherCpuSeconds > 0.1 * results[step.key].seconds);
  if (disturbed.length > 0) log(`note: other processes used the CPUs during ${disturbed.map((step) => step.label).join(', ')}; those timings are not clean`);
  log('');
  log(formatTable(
    ['vift ÷ DuckDB', 'time', 'peak RSS', 'time (unordered)', 'peak RSS (unordered)'],
    [ratioRow('vift validate', validate), ratioRow('vift convert', convert), ratioRow('vift convert → ShareGPT', convertShareGpt)],
  ));
  log('');

  const checks = [
    [`validate: ${report.records} records, ${report.invalid} invalid`, report.invalid === 0 && validate.code === 0],
    [`validate counted every generated record (${input.records})`, report.records === input.records],
    [`vift JSONL has one line per record (${convert.lines})`, convert.lines === report.records],
    [`vift ShareGPT JSONL has one line per record (${convertShareGpt.lines})`, convertShareGpt.lines === report.records],
    [`DuckDB wrote as many rows (${duckdbRows.rows}; unordered ${unorderedRows.rows})`, [duckdbRows.rows, duckdb.lines, unorderedRows.rows, duckdbUnordered.lines].every((count) => count === report.records)],
    [`vift validate peak RSS ${validate.peakRssMegabytes.toFixed(0)} MB < ${peakRssLimitMegabytes} MB`, validate.peakRssMegabytes < peakRssLimitMegabytes],
    [`vift convert peak RSS ${convert.peakRssMegabytes.toFixed(0)} MB < ${peakRssLimitMegabytes} MB`, convert.peakRssMegabytes < peakRssLimitMegabytes],
    [`vift convert → ShareGPT peak RSS ${convertShareGpt.peakRssMegabytes.toFixed(0)} MB < ${peakRssLimitMegabytes} MB`, convertShareGpt.peakRssMegabytes < peakRssLimitMegabytes],
  ];
  for (const [text, passed] of checks) log(`${passed ? 'ok  ' : 'FAIL'} ${text}`);

  await writeFile(join(dataFolder, 'validate-convert-results.json'), `${JSON.stringify({
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model.trim(), node: process.version, duckdb: duckdbRows.version },
    input: { bytes: input.bytes, records: input.records, seed: Number(options.seed), indent: Number(options.indent) },
    pageCacheReadSeconds: readSeconds,
    steps: Object.fromEntries(Object.entries(results).map(([key, result]) => [key, {
      seconds: result.seconds,
      cpuSeconds: result.cpuSeconds,
      otherCpuSeconds: result.otherCpuSeconds,
      peakRssMegabytes: result.peakRssMegabytes,
      allSeconds: result.allSeconds,
    }])),
    checks: Object.fromEntries(checks),
  }, null, 2)}\n`);
  if (options.keep) log(`outputs kept in ${outputFolder}`);
  if (checks.some(([, passed]) => !passed)) process.exitCode = 1;
}

/** Median wall and CPU time over the runs, the highest peak RSS, and the last run's output. */
function summarize(runs) {
  const median = (values) => values.toSorted((left, right) => left - right)[Math.floor((values.length - 1) / 2)];
  const last = runs[runs.length - 1];
  return {
    code: last.code,
    stdout: last.stdout,
    seconds: median(runs.map((run) => run.seconds)),
    cpuSeconds: median(runs.map((run) => run.cpuSeconds)),
    otherCpuSeconds: median(runs.map((run) => run.otherCpuSeconds)),
    peakRssMegabytes: Math.max(...runs.map((run) => run.peakRssMegabytes)),
    allSeconds: runs.map((run) => Number(run.seconds.toFixed(2))),
  };
}

function megabytes(bytes) {
  return (bytes / 1e6).toFixed(0);
}

function rate(bytes, seconds) {
  return (bytes / 1e6 / seconds).toFixed(1);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`validate-convert: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  // The outputs are as large as the input: gone after every run, failed ones included, unless asked to keep.
  if (!options.keep) await rm(outputFolder, { recursive: true, force: true });
}
