#!/usr/bin/env node
/**
 * `vift view` on a 1 GB dataset: the LLaVA mix665k-shaped JSON of convert.mjs (665,298 records, about
 * 1 GB), written as Parquet the way convert.mjs writes it. Measures, with Chromium already running (a blank tab open), the
 * time from starting `vift view --no-open` to the first list page rendered in the page (50 rows), the
 * time to open the first sample, the time until the background pass has read every record, and the
 * server's peak RSS. Exit 1 when the first page takes 2 s or more.
 *
 *   node bench/viewer-first-page.mjs [--records 665298 | --bytes 1.2e9] [--seed 1] [--compression zstd|none] [--json] [--runs 1] [--first-page-only]
 *
 * --compression none writes an uncompressed Parquet file (0.9 times the JSON: --bytes 1.2e9 --compression
 * none makes a Parquet file of over 1 GB); --json also
 * measures the JSON file itself (records read back by byte offset). Needs Chromium (/usr/bin/chromium, or
 * VIFT_CHROMIUM) and the built packages.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { cachedLlavaMix } from './lib/cached-input.mjs';
import { formatTable } from './lib/table.mjs';

const firstPageLimitSeconds = 2;
const benchFolder = dirname(fileURLToPath(import.meta.url));
const dataFolder = join(benchFolder, '.data');
const cli = resolve(benchFolder, '../apps/cli/dist/bin.js');
const viewerPage = resolve(benchFolder, '../apps/viewer/dist/page/page.js');
const viewerModule = resolve(benchFolder, '../apps/viewer/dist/index.js');
// The viewer alone, without the command line's other commands to load: what startViewer costs.
const viewerScript = `const { startViewer } = await import(${JSON.stringify(viewerModule)});
const viewer = await startViewer({ dataset: process.argv[1] });
process.stdout.write(viewer.url + '\\n');
process.once('SIGINT', () => viewer.close());`;
const chromiumPath = process.env.VIFT_CHROMIUM ?? '/usr/bin/chromium';

const { values: options } = parseArgs({
  options: {
    records: { type: 'string' },
    bytes: { type: 'string' },
    seed: { type: 'string', default: '1' },
    compression: { type: 'string' },
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    'first-page-only': { type: 'boolean', default: false },
  },
  strict: false,
});
const log = (text) => process.stdout.write(`${text}\n`);
const seconds = (milliseconds) => milliseconds / 1000;

async function main() {
  for (const [file, what] of [[cli, 'the command line'], [viewerPage, "the viewer's page"]]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build ${what} first (npx turbo run build)`);
  }
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: apt-get install chromium, or set VIFT_CHROMIUM`);
  // By default two datasets: the 1 GB mix as zstd Parquet (as convert.mjs writes it), and a Parquet file of
  // over 1 GB (the 1.2 GB mix, uncompressed). --records, --bytes or --compression measure one of your choice.
  const chosen = options.records !== undefined || options.bytes !== undefined || options.compression !== undefined;
  const datasets = chosen
    ? [{ size: options.bytes === undefined ? { records: Number(options.records ?? 665_298) } : { bytes: Number(options.bytes) }, compression: options.compression ?? 'zstd' }]
    : [
        { size: { records: 665_298 }, compression: 'zstd' },
        { size: { bytes: 1.2e9 }, compression: 'none' },
      ];
  log(`machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`);
  const targets = [];
  for (const { size, compression } of datasets) {
    const input = await cachedLlavaMix({ folder: dataFolder, ...size, seed: Number(options.seed), log });
    const parquet = await cachedParquet(input.file, compression);
    log(`input: ${input.file} (${(input.bytes / 1e6).toFixed(0)} MB, ${input.records.toLocaleString('en-US')} records)`);
    log(`parquet: ${parquet} (${((await stat(parquet)).size / 1e6).toFixed(0)} MB, ${compression})`);
    const name = `Parquet of ${(input.bytes / 1e9).toFixed(1)} GB JSON (${compression})`;
    targets.push({ label: `${name}, vift view`, path: parquet, via: 'cli', records: input.records });
    targets.push({ label: `${name}, startViewer`, path: parquet, via: 'api', records: input.records });
    if (options.json) targets.push({ label: `LLaVA JSON ${(input.bytes / 1e9).toFixed(1)} GB, vift view`, path: input.file, via: 'cli', records: input.records });
  }

  const launchStarted = performance.now();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  log(`Chromium started in ${seconds(performance.now() - launchStarted).toFixed(2)} s (not counted)`);
  const results = [];
  try {
    for (const target of targets) {
      for (let run = 1; run <= Number(options.runs); run++) {
        log(`viewing ${target.label}, run ${run} ...`);
        spawnSync('sync');
        results.push({ label: target.label, bytes: (await stat(target.path)).size, ...(await measureView(browser, target, target.records)) });
      }
    }
  } finally {
    await browser.close();
  }
  log('');
  log(`load average after the runs: ${loadavg().map((value) => value.toFixed(1)).join(', ')} (the times stretch with other work on the machine)`);
  log('serving: from starting the process to its address printed; first page: to 50 rows drawn in Chromium; CPU: the serving process');
  log(
    formatTable(
      ['dataset', 'MB', 'serving s', 'first page s', '(after serving) s', 'CPU s to first page', 'open sample s', 'all read s', 'peak RSS MB'],
      results.map((result) => [
        result.label,
        (result.bytes / 1e6).toFixed(0),
        result.urlSeconds.toFixed(2),
        result.firstPageSeconds.toFixed(2),
        (result.firstPageSeconds - result.urlSeconds).toFixed(2),
        result.firstPageCpuSeconds === undefined ? '?' : result.firstPageCpuSeconds.toFixed(2),
        result.openSampleSeconds.toFixed(2),
        result.indexSeconds === undefined ? '-' : result.indexSeconds.toFixed(1),
        result.peakRssMegabytes === undefined ? '?' : result.peakRssMegabytes.toFixed(0),
      ]),
    ),
  );
  const checks = [
    ...results.map((result) => [`${result.label}: first page in ${result.firstPageSeconds.toFixed(2)} s < ${firstPageLimitSeconds} s`, result.firstPageSeconds < firstPageLimitSeconds]),
    ...results.filter((result) => result.indexed !== undefined).map((result) => [`${result.label}: every record read (${result.indexed})`, result.indexed === result.expectedRecords]),
  ];
  log('');
  for (const [text, passed] of checks) log(`${passed ? 'ok  ' : 'FAIL'} ${text}`);
  await writeFile(join(dataFolder, 'viewer-first-page-results.json'), `${JSON.stringify({ date: new Date().toISOString(), results, checks: checks.map(([text, passed]) => ({ text, passed })) }, null, 2)}\n`);
  if (checks.some(([, passed]) => !passed)) process.exitCode = 1;
}

/** The Parquet of the input, written once by `vift convert` (as convert.mjs does) and kept in bench/.data. */
async function cachedParquet(input, compression) {
  const output = join(dataFolder, `viewer-${input.split('/').pop().replace(/\.json$/, '')}-${compression}.parquet`);
  const [made, source] = await Promise.all([stat(output).catch(() => undefined), stat(input)]);
  if (made !== undefined && made.mtimeMs > source.mtimeMs) return output;
  log(`writing ${output} ...`);
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, 'convert', input, output, '--to', 'parquet', '--compression', compression, '--quiet'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vift convert exited with ${result.status}: ${result.stderr}`);
  log(`written in ${seconds(performance.now() - started).toFixed(1)} s`);
  return output;
}

/** One `vift view` (or startViewer) process: address printed, first page rendered, first sample open, every record read. */
async function measureView(browser, target, records) {
  // A blank tab is open (and has settled) before the clock starts, as in a browser already running; opening
  // the address is timed.
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await new Promise((settled) => setTimeout(settled, 1000));
  const started = performance.now();
  const args = target.via === 'cli' ? [cli, 'view', target.path, '--no-open'] : ['--input-type=module', '-e', viewerScript, target.path];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
  try {
    const url = await new Promise((resolveUrl, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const line = stdout.split('\n')[0];
        if (stdout.includes('\n')) resolveUrl(line);
      });
      void exited.then(() => reject(new Error(`vift view ended before serving: ${stderr}`)));
    });
    const urlAt = performance.now();
    await page.goto(url);
    await page.waitForFunction(() => document.querySelectorAll('#sample-list > li').length >= 50, undefined, { polling: 'raf', timeout: 60_000 });
    const firstPageAt = performance.now();
    const firstPageCpuSeconds = cpuSeconds(child.pid);
    await page.click('#sample-list > li:first-child');
    await page.waitForSelector('#sample-view[data-index="0"] li.turn');
    const openedAt = performance.now();
    let indexSeconds;
    let indexed;
    if (!options['first-page-only']) {
      await page.waitForSelector('body[data-indexed="complete"]', { timeout: 900_000 });
      indexSeconds = seconds(performance.now() - started);
      indexed = (await (await fetch(new URL('/api/dataset', url))).json()).progress.indexed;
    }
    const peakRssMegabytes = peakRss(child.pid);
    return {
      urlSeconds: seconds(urlAt - started),
      firstPageSeconds: seconds(firstPageAt - started),
      firstPageCpuSeconds,
      openSampleSeconds: seconds(openedAt - firstPageAt),
      indexSeconds,
      indexed: indexed ?? undefined,
      expectedRecords: records,
      peakRssMegabytes,
    };
  } finally {
    await page.close();
    child.kill('SIGINT');
    const { code } = await exited;
    if (code !== 0 && code !== null) process.stderr.write(`vift view exited with ${code}: ${stderr}\n`);
  }
}

/**
 * CPU seconds the process has used (user + system), from Linux's /proc: on a machine busy with other work
 * the wall time stretches, this much less.
 */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    return (Number(fields[11]) + Number(fields[12])) / ticks;
  } catch {
    return undefined;
  }
}

/** The process's peak resident set (VmHWM) in MB, read from Linux's /proc; undefined elsewhere. */
function peakRss(pid) {
  try {
    const kilobytes = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kilobytes === undefined ? undefined : (Number(kilobytes) * 1024) / 1e6;
  } catch {
    return undefined;
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`viewer-first-page: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
