#!/usr/bin/env node
/**
 * Writes the synthetic COCO kit: COCO train2017 captions and instances, VQAv2 train2014 questions and
 * annotations, and Visual Genome image data, region descriptions and QAs, in their official layouts at
 * full train2017 scale (about 1.4 GB), seeded and byte-identical for the same options. Prints each
 * file's size and record counts and the time taken; exits 1 when the written counts miss the targets.
 * Without --out the kit is cached under bench/.data (as the generate benchmark uses it), so run by
 * `npm run bench` this measures writing it once and then reports the cached kit. --verify then counts
 * the records again by scanning the files' bytes and exits 1 on any difference.
 *
 *   node bench/make-synthetic-sources.mjs [--out FOLDER] [--seed 1] [--scale 1.0] [--vg-regions-per-image 50] [--utf8] [--jobs 2] [--verify]
 */
import { parseArgs } from 'node:util';
import { ensureSyntheticSources, verifyRecordCounts, writeSyntheticSources } from './lib/synthetic-coco/index.mjs';
import { formatTable } from './lib/table.mjs';

// Not strict: `npm run bench` passes every script the same arguments, some meant for other scripts.
const { values: options } = parseArgs({
  options: {
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    scale: { type: 'string', default: '1' },
    'vg-regions-per-image': { type: 'string', default: '50' },
    utf8: { type: 'boolean', default: false },
    jobs: { type: 'string' },
    verify: { type: 'boolean', default: false },
  },
  strict: false,
});
const log = (text) => process.stdout.write(`${text}\n`);

async function main() {
  const settings = {
    seed: Number(options.seed),
    scale: Number(options.scale),
    vgRegionsPerImage: Number(options['vg-regions-per-image']),
    utf8: options.utf8,
    ...(options.jobs === undefined ? {} : { jobs: Number(options.jobs) }),
    log,
  };
  const summary = options.out === undefined ? await ensureSyntheticSources(settings) : { ...(await writeSyntheticSources({ folder: options.out, ...settings })), folder: options.out };
  const rows = summary.files.map((file) => [
    file.file,
    (file.bytes / 1e6).toFixed(1),
    Object.entries(file.records)
      .map(([key, value]) => `${key} ${value.toLocaleString('en-US')}`)
      .join(', '),
  ]);
  rows.push(['total', (summary.totalBytes / 1e6).toFixed(1), '']);
  log('');
  log(`${summary.folder}${summary.cached ? ' (cached)' : ''}: seed ${summary.seed}, scale ${summary.scale}, written in ${summary.seconds.toFixed(1)} s`);
  log(formatTable(['file', 'MB', 'records'], rows));
  if (!options.verify) return;
  const started = performance.now();
  const { mismatches } = await verifyRecordCounts({ folder: summary.folder, summary });
  log('');
  log(`verify: scanned the files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const line of mismatches) log(`FAIL ${line}`);
  if (mismatches.length === 0) log('ok   every count found in the files matches what was written, and the targets');
  else process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`make-synthetic-sources: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
