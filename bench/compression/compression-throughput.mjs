#!/usr/bin/env node
/**
 * Compression throughput and ratio of the @vift/parquet codecs on LLaVA-shaped data, cut into pages the way the
 * writer cuts column chunks. Compares the pure TypeScript snappy with snappyjs, node:zlib gzip and zstd.
 *
 *   node bench/compression/compression-throughput.mjs [--bytes 6.4e7] [--page 1048576] [--seconds 3] [--input FILE]
 *
 * Three data shapes: raw JSON text; the conversation texts PLAIN-encoded (4-byte length + UTF-8), the bytes a
 * Parquet page of the `value` column holds; and incompressible random bytes. Speeds are uncompressed megabytes (10^6 bytes) per second on one core.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { generateLlavaMix } from '../lib/generate-llava-mix.mjs';
import { formatTable } from '../lib/table.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packageRoot = join(root, 'packages', 'parquet');
const requireFromPackage = createRequire(join(packageRoot, 'package.json'));

const { values } = parseArgs({
  options: {
    bytes: { type: 'string', default: '6.4e7' },
    page: { type: 'string', default: String(1 << 20) },
    seconds: { type: 'string', default: '3' },
    input: { type: 'string' },
  },
});
const pageSize = Number(values.page);
const seconds = Number(values.seconds);

// Bundle the TypeScript sources so the benchmark measures the code the package ships. The bundle sits under the
// package's node_modules so its bare import of @foxglove/wasm-zstd resolves as the package's would.
const bundleFolder = join(packageRoot, 'node_modules', '.cache', 'compression-bench');
mkdirSync(bundleFolder, { recursive: true });
const bundle = join(bundleFolder, 'compression.mjs');
const sourceFolder = join(packageRoot, 'src', 'compression');
await build({
  stdin: {
    contents: [
      `export * from ${JSON.stringify(join(sourceFolder, 'snappy-compress.ts'))};`,
      `export * from ${JSON.stringify(join(sourceFolder, 'snappy-decompress.ts'))};`,
      `export * from ${JSON.stringify(join(sourceFolder, 'zstd.ts'))};`,
    ].join('\n'),
    resolveDir: packageRoot,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'es2022',
  outfile: bundle,
  packages: 'external',
  logLevel: 'error',
});
const compression = await import(pathToFileURL(bundle).href);

const dataFolder = join(root, 'bench', '.data');
mkdirSync(dataFolder, { recursive: true });
const inputPath = values.input ?? join(dataFolder, `llava-mix-${values.bytes}.json`);
if (!existsSync(inputPath)) await generateLlavaMix({ out: inputPath, bytes: Number(values.bytes) });
const jsonBytes = new Uint8Array(readFileSync(inputPath));

function cutPages(bytes) {
  const pages = [];
  for (let start = 0; start < bytes.length; start += pageSize) pages.push(bytes.subarray(start, Math.min(bytes.length, start + pageSize)));
  return pages;
}

/** PLAIN BYTE_ARRAY encoding of every conversation turn's text, cut at value boundaries near the page size. */
function plainEncodedConversationPages(text) {
  const encoder = new TextEncoder();
  const pages = [];
  let parts = [];
  let length = 0;
  const flush = () => {
    const page = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
      page.set(part, offset);
      offset += part.length;
    }
    pages.push(page);
    parts = [];
    length = 0;
  };
  for (const record of JSON.parse(text)) {
    for (const turn of record.conversations) {
      const encoded = encoder.encode(turn.value);
      const prefix = new Uint8Array(4);
      new DataView(prefix.buffer).setUint32(0, encoded.length, true);
      parts.push(prefix, encoded);
      length += 4 + encoded.length;
      if (length >= pageSize) flush();
    }
  }
  if (length > 0) flush();
  return pages;
}

/**
 * Runs `pass` (one sweep over all pages) again and again for the time budget and returns the median and best
 * speed of the sweeps: the machine is shared, so a single long average mixes in other processes' bursts.
 */
function timePasses(totalBytes, pass) {
  pass();
  const speeds = [];
  const started = performance.now();
  while (performance.now() - started < seconds * 1000 || speeds.length < 3) {
    const passStarted = performance.now();
    pass();
    speeds.push(totalBytes / 1e6 / ((performance.now() - passStarted) / 1000));
  }
  speeds.sort((left, right) => left - right);
  return { median: speeds[Math.floor(speeds.length / 2)], best: speeds[speeds.length - 1] };
}

const formatSpeed = ({ median, best }) => `${median.toFixed(0)} (${best.toFixed(0)})`;

function sameBytes(actual, expected) {
  if (actual.length !== expected.length) return false;
  for (let index = 0; index < actual.length; index++) if (actual[index] !== expected[index]) return false;
  return true;
}

function measureCodec(pages, compress, decompress) {
  const totalBytes = pages.reduce((sum, page) => sum + page.length, 0);
  const compressed = pages.map((page) => compress(page));
  const compressedBytes = compressed.reduce((sum, bytes) => sum + bytes.length, 0);
  pages.forEach((page, index) => {
    if (!sameBytes(decompress(compressed[index], page.length), page)) throw new Error(`round trip failed on page ${index}`);
  });
  return {
    compressSpeed: timePasses(totalBytes, () => pages.forEach((page) => compress(page))),
    ratio: totalBytes / compressedBytes,
    decompressSpeed: timePasses(totalBytes, () => compressed.forEach((bytes, index) => decompress(bytes, pages[index].length))),
  };
}

const snappyjs = requireFromPackage('snappyjs');
const { snappyUncompress } = await import(pathToFileURL(requireFromPackage.resolve('hyparquet')).href);
const snappy = compression.createSnappyCompressor();
const zstdFast = await compression.createZstdCompressor({ level: 1 });
const zstdDefault = await compression.createZstdCompressor({ level: 3 });
const zstdReader = await compression.createZstdDecompressor();

const codecs = [
  ['snappy (vift, TypeScript)', (page) => snappy.compress(page), (bytes) => compression.decompressSnappy(bytes)],
  ['snappy (snappyjs 0.7)', (page) => snappyjs.compress(page), (bytes) => compression.decompressSnappy(bytes)],
  ['gzip level 1 (node:zlib)', (page) => gzipSync(page, { level: 1 }), (bytes) => gunzipSync(bytes)],
  ['zstd level 1 (wasm)', (page) => zstdFast.compress(page), (bytes, length) => zstdReader.decompress(bytes, length)],
  ['zstd level 3 (wasm)', (page) => zstdDefault.compress(page), (bytes, length) => zstdReader.decompress(bytes, length)],
];

/** Incompressible bytes (like embedded JPEG data), from a fixed xorshift sequence. */
function randomPages(count) {
  let state = 1;
  return Array.from({ length: count }, () => {
    const page = new Uint8Array(pageSize);
    for (let index = 0; index < pageSize; index++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      page[index] = state & 0xff;
    }
    return page;
  });
}

const shapes = [
  ['LLaVA JSON text', cutPages(jsonBytes)],
  ['conversation values, PLAIN', plainEncodedConversationPages(new TextDecoder().decode(jsonBytes))],
  ['random bytes', randomPages(8)],
];

for (const [shapeName, pages] of shapes) {
  const total = pages.reduce((sum, page) => sum + page.length, 0);
  process.stdout.write(`\n${shapeName}: ${pages.length} pages of about ${pageSize} bytes, ${(total / 1e6).toFixed(1)} MB\n`);
  const rows = [];
  for (const [name, compress, decompress] of codecs) {
    const { compressSpeed, ratio, decompressSpeed } = measureCodec(pages, compress, decompress);
    rows.push([name, formatSpeed(compressSpeed), ratio.toFixed(3), formatSpeed(decompressSpeed)]);
  }
  const { decompressSpeed } = measureCodec(pages, (page) => snappy.compress(page), (bytes, length) => {
    const output = new Uint8Array(length);
    snappyUncompress(bytes, output);
    return output;
  });
  rows.push(['snappy (vift) read by hyparquet', '', '', formatSpeed(decompressSpeed)]);
  process.stdout.write(`${formatTable(['codec', 'compress MB/s median (best)', 'ratio', 'decompress MB/s median (best)'], rows)}\n`);
}
