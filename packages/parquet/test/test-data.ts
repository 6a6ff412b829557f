import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLlavaFormat } from '@vift/formats';
import type { JsonObject, Provenance, Sample } from '@vift/schema';
import { afterAll } from 'vitest';
import { ParquetWriter, createCodec, type CompressionCodecName, type ParquetLayout } from '../src/index.js';
import { registerNodeCodecs } from '../src/node/node-codecs.js';

// zstd and gzip, as the Node entry registers them.
registerNodeCodecs();

export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const fixturesPath = join(repositoryRoot, 'fixtures');
export const llavaFixtureNames = ['llava-bench-coco-90.json', 'llava-bench-in-the-wild-60.json', 'llava-instruct-coco-val-30-multiturn.json', 'llava-instruct-coco-val-90.json'];
export const imageNames = ['000000000802.jpg', '000000011813.jpg', '000000117645.jpg', '000000205401.jpg'];

const llava = createLlavaFormat();

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The records of a LLaVA fixture as samples, read by vift's LLaVA adapter. */
export function llavaFixtureSamples(name: string): Sample[] {
  return (readJson(join(fixturesPath, 'llava', name)) as unknown[]).map((record, index) => {
    const result = llava.fromRecord(record, { index });
    if (result.sample === undefined) throw new Error(`${name} record ${index} does not read`);
    return result.sample;
  });
}

export function imageBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixturesPath, 'images', name)));
}

/** A temporary folder per test file, removed after its tests. */
export function useTemporaryFolder(): () => Promise<string> {
  let folder: Promise<string> | undefined;
  afterAll(async () => {
    if (folder !== undefined) await rm(await folder, { recursive: true, force: true });
  });
  return () => (folder ??= mkdtemp(join(tmpdir(), 'vift-parquet-test-')));
}

export type WriteOptions = { layout: ParquetLayout; compression: CompressionCodecName; rowGroupBytes?: number; pageBytes?: number; pageEntries?: number };

/** Writes samples with vift's writer into one file; gives back how many strings had lone surrogates. */
export async function writeSamples(file: string, samples: readonly Sample[], options: WriteOptions): Promise<{ repairedStrings: number }> {
  const chunks: Uint8Array[] = [];
  const writer = new ParquetWriter({
    layout: options.layout,
    codec: await createCodec(options.compression),
    sink: (bytes) => {
      chunks.push(bytes.slice());
    },
    ...(options.rowGroupBytes === undefined ? {} : { rowGroupBytes: options.rowGroupBytes }),
    ...(options.pageBytes === undefined ? {} : { pageBytes: options.pageBytes }),
    ...(options.pageEntries === undefined ? {} : { pageEntries: options.pageEntries }),
  });
  for (const sample of samples) await writer.write(sample);
  await writer.finish();
  await writeFile(file, Buffer.concat(chunks));
  return { repairedStrings: writer.repairedStrings };
}

// What the columns hold, written out by hand from DESIGN.md §3, to compare with other readers' rows.

const provenanceRow = (source: Provenance | undefined) =>
  source === undefined ? null : { dataset: source.dataset, task: source.task ?? null, template: source.template ?? null, annotationId: source.annotationId ?? null };

/** A row of the vift layout; meta columns stay JSON text, to be parsed by the comparison. */
export function viftRow(sample: Sample, meta: JsonObject | undefined = sample.meta): Record<string, unknown> {
  return {
    id: sample.id.toWellFormed(),
    images: sample.images.map((image) => ({ bytes: image.bytes ?? null, path: image.path?.toWellFormed() ?? null })),
    messages: sample.turns.map((turn) => ({
      role: turn.role,
      content: turn.text.toWellFormed(),
      source: provenanceRow(turn.source),
      meta: turn.meta === undefined ? null : turn.meta,
    })),
    source: provenanceRow(sample.source),
    meta: meta ?? null,
  };
}

const speaker = { user: 'human', assistant: 'gpt', system: 'system' } as const;

/** A row of the LLaVA layout. */
export function llavaRow(sample: Sample, meta: JsonObject | undefined = sample.meta): Record<string, unknown> {
  const image = sample.images[0];
  return {
    id: sample.id.toWellFormed(),
    image: image === undefined ? null : { bytes: image.bytes ?? null, path: image.path?.toWellFormed() ?? null },
    conversations: sample.turns.map((turn) => ({ from: speaker[turn.role], value: turn.text.toWellFormed() })),
    meta: meta ?? null,
  };
}

/**
 * A row as compared: JSON text columns parsed (key order means nothing there) and bytes as their length
 * and SHA-256 (equal bytes, short messages).
 */
export function comparableRow(row: Record<string, unknown>): Record<string, unknown> {
  const parse = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value);
  const parsed: Record<string, unknown> = { ...row, meta: parse(row.meta) };
  if (Array.isArray(row.messages)) parsed.messages = row.messages.map((message: Record<string, unknown>) => ({ ...message, meta: parse(message.meta) }));
  return bytesAsDigests(parsed) as Record<string, unknown>;
}

function bytesAsDigests(value: unknown): unknown {
  if (value instanceof Uint8Array) return `${value.length} bytes, sha256 ${createHash('sha256').update(value).digest('hex')}`;
  if (Array.isArray(value)) return value.map(bytesAsDigests);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, bytesAsDigests(item)]));
  return value;
}

/** A sample and the meta JSON each layout writes for it (the sample's meta plus vift's notes). */
export type EdgeCase = { name: string; sample: Sample; viftMeta?: JsonObject; llavaMeta?: JsonObject };

/** Samples with the awkward parts: bytes, nulls, empty lists and strings, provenance, lone surrogates. */
export function edgeCases(): EdgeCase[] {
  const jpeg = imageBytes('000000000802.jpg');
  return [
    {
      name: 'images with bytes, bytes only and path only, with COCO ids and sizes',
      sample: {
        id: 'bytes',
        images: [{ bytes: jpeg, path: '000000000802.jpg' }, { bytes: new Uint8Array([0, 1, 2, 255, 0]) }, { path: 'coco/000000011813.jpg', cocoId: 11813, width: 333, height: 500 }],
        turns: [
          { role: 'user', text: '<image><image><image>\nCompare them.', source: { dataset: 'coco', task: 'caption' } },
          { role: 'assistant', text: 'A kitchen, noise and a camera.', meta: { score: 0.5, tags: ['a', null] } },
        ],
        source: { dataset: 'llava', annotationId: '7' },
        meta: { split: 'val', nested: { list: [1, null, true] } },
      },
      viftMeta: { split: 'val', nested: { list: [1, null, true] }, 'vift:images': [null, null, { cocoId: 11813, width: 333, height: 500 }] },
    },
    {
      name: 'no images, no turns, nothing else',
      sample: { id: 'empty', images: [], turns: [] },
    },
    {
      name: 'empty strings (not nulls) and a system turn',
      sample: {
        id: 'empty-strings',
        images: [{ path: '' }],
        turns: [
          { role: 'system', text: '' },
          { role: 'user', text: '<image>', source: { dataset: 'vqa', task: '', template: '' } },
          { role: 'assistant', text: '' },
        ],
        source: { dataset: 'd', task: '' },
      },
      llavaMeta: { 'vift:source': { dataset: 'd', task: '' }, 'vift:turns': [null, { source: { dataset: 'vqa', task: '', template: '' } }, null] },
    },
    {
      name: 'text beyond ASCII: emoji, combining marks, U+2028, NUL',
      sample: {
        id: '🦙 é\u0301',
        images: [{ path: 'images/🦙 photo.png' }],
        turns: [
          { role: 'user', text: '<image>\n👩‍👩‍👧 \u2028 a\u0000b "quoted" \\ \r\n' },
          { role: 'assistant', text: '日本語のテキスト' },
        ],
        meta: JSON.parse('{"__proto__": {"own": "key"}, "🦙": "ü"}') as JsonObject,
      },
    },
    {
      name: 'lone surrogates',
      sample: {
        id: 'lone-\ud800',
        images: [{ path: 'a\udfff.jpg' }],
        turns: [
          { role: 'user', text: '<image>\nhigh \ud83d alone' },
          { role: 'assistant', text: 'fine' },
        ],
        meta: { note: 'meta text keeps \udc00 as a JSON escape' },
      },
      viftMeta: {
        note: 'meta text keeps \udc00 as a JSON escape',
        'vift:text': { id: 'lone-\ud800', 'images[0].path': 'a\udfff.jpg', 'turns[0].text': '<image>\nhigh \ud83d alone' },
      },
      llavaMeta: {
        note: 'meta text keeps \udc00 as a JSON escape',
        'vift:text': { id: 'lone-\ud800', 'images[0].path': 'a\udfff.jpg', 'turns[0].text': '<image>\nhigh \ud83d alone' },
      },
    },
    {
      name: 'one image with bytes and no path',
      sample: {
        id: 'bytes-only',
        images: [{ bytes: imageBytes('000000011813.jpg') }],
        turns: [
          { role: 'user', text: '<image>\nWhat is it?' },
          { role: 'assistant', text: 'A camera on a tripod.' },
        ],
      },
    },
  ];
}
