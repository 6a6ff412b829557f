#!/usr/bin/env node
/**
 * Writes a deterministic LLaVA JSON array shaped like llava_v1_5_mix665k.json (about 1.5 kB a record),
 * streamed to disk with backpressure so memory stays flat at any size. The file appears under its name
 * only when complete.
 *
 *   node bench/lib/generate-llava-mix.mjs --out FILE --bytes 1.2e9 [--records N] [--seed 1] [--indent 0|2] [--ensure-ascii]
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { LlavaRecordFactory, sourceWeights } from './llava-records.mjs';
import { formatPythonJson } from './python-json.mjs';
import { SeededRandom } from './seeded-random.mjs';

/** Bumped whenever the output for a given seed changes, so cached inputs are regenerated. */
export const generatorVersion = 1;

const batchCharacters = 1 << 20;

/**
 * Generates until the file reaches `bytes` or holds `records` records, whichever comes first (at least one
 * must be given). Resolves to { records, bytes, bySource }.
 */
export async function generateLlavaMix({ out, bytes = Infinity, records = Infinity, seed = 1, indent = 0, ensureAscii = false }) {
  if (!Number.isFinite(bytes) && !Number.isFinite(records)) throw new Error('give a size in bytes or a record count');
  if (indent !== 0 && indent !== 2) throw new Error('indent must be 0 (like indent=None) or 2');
  const factory = new LlavaRecordFactory(new SeededRandom(seed));
  const [opening, separator, closing] = indent === 0 ? ['[', ', ', ']'] : ['[\n  ', ',\n  ', '\n]'];
  const temporary = `${out}.partial-${process.pid}`;
  const stream = createWriteStream(temporary);
  const bySource = Object.fromEntries(Object.keys(sourceWeights).map((source) => [source, 0]));
  let written = 0;
  let count = 0;
  let batch = [];
  let batchLength = 0;

  const flush = async () => {
    const text = batch.join('');
    batch = [];
    batchLength = 0;
    written += Buffer.byteLength(text);
    if (!stream.write(text)) await once(stream, 'drain');
  };

  try {
    batch.push(opening);
    while (count < records && written + batchLength < bytes) {
      const { source, record } = factory.next();
      const text = `${count === 0 ? '' : separator}${formatPythonJson(record, { indent, ensureAscii, level: 1 })}`;
      batch.push(text);
      // UTF-8 length counted once per batch; characters are a close enough trigger for the size check.
      batchLength += text.length;
      count++;
      bySource[source]++;
      if (batchLength >= batchCharacters) await flush();
    }
    batch.push(closing);
    await flush();
    stream.end();
    await once(stream, 'close');
    await rename(temporary, out);
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
  return { records: count, bytes: written, bySource };
}

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      bytes: { type: 'string' },
      records: { type: 'string' },
      seed: { type: 'string', default: '1' },
      indent: { type: 'string', default: '0' },
      'ensure-ascii': { type: 'boolean', default: false },
    },
  });
  if (values.out === undefined || (values.bytes === undefined && values.records === undefined)) {
    process.stderr.write('usage: generate-llava-mix.mjs --out FILE (--bytes 1.2e9 | --records N) [--seed 1] [--indent 0|2] [--ensure-ascii]\n');
    process.exit(2);
  }
  const started = performance.now();
  const summary = await generateLlavaMix({
    out: values.out,
    bytes: values.bytes === undefined ? Infinity : Number(values.bytes),
    records: values.records === undefined ? Infinity : Number(values.records),
    seed: Number(values.seed),
    indent: Number(values.indent),
    ensureAscii: values['ensure-ascii'],
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ out: values.out, ...summary, seconds: Number(seconds.toFixed(1)) })}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
