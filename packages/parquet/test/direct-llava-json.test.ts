import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { createLlavaFormat } from '@vift/formats';
import { openDataset, openRecordFileSink, pipeSamples, type DatasetEntry } from '@vift/formats/node';
import type { ImageRef, Provenance, Sample, Turn } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { metaArbitrary, nonEmptyImagePathArbitrary, provenanceArbitrary, sampleArbitrary } from '../../formats/test/arbitraries.js';
import { ParquetWriter, createCodec, llavaLayout, uncompressed, viftLayout, type PageCodec, type ParquetLayout } from '../src/index.js';
import { openParquetDataset as openFromSources, openParquetSink } from '../src/node/index.js';
import { edgeCases, fixturesPath, imageBytes, llavaFixtureNames, useTemporaryFolder } from './test-data.js';

// Parquet → LLaVA JSON writes most rows straight from the column bytes (`encodeFor: llava`). Whatever the
// rows hold, the file, the rejects and every entry's issues must be those of the general path, which maps
// each row to a sample and prints the LLaVA writer's record with JSON.stringify.

const temporaryFolder = useTemporaryFolder();
const llava = createLlavaFormat();

type OpenParquetDataset = typeof openFromSources;
const openBuilt = (async (path, options) => (await import('@vift/parquet/node')).openParquetDataset(path, options)) as OpenParquetDataset;

type Conversion = { json: string; rejects: string; entries: unknown[]; summary: unknown; direct: number };

/** Converts a Parquet file to LLaVA JSON like `vift convert --on-invalid skip`; `direct` lets rows be written from their bytes. */
async function toLlavaJson(parquet: string, direct: boolean, options: { open?: OpenParquetDataset; workers?: number } = {}): Promise<Conversion> {
  const folder = await mkdtemp(join(await temporaryFolder(), 'out-'));
  const output = join(folder, 'back.json');
  const rejectsPath = join(folder, 'rejects.jsonl');
  const open = options.open ?? openFromSources;
  const dataset = await open(parquet, direct ? { encodeFor: { format: 'llava' }, ...(options.workers === undefined ? {} : { workers: options.workers }) } : {});
  const seen: DatasetEntry[] = [];
  async function* tapped() {
    for await (const entry of dataset.entries) {
      seen.push(entry);
      yield entry;
    }
  }
  const sink = await openRecordFileSink({ output, to: llava });
  const summary = await pipeSamples({ input: parquet, entries: tapped(), sink, onInvalid: 'skip', rejectsPath });
  return {
    // As latin1: one character per byte, so equal text is equal bytes.
    json: (await readFile(output)).toString('latin1'),
    rejects: (await readFile(rejectsPath)).toString('latin1'),
    entries: seen.map((entry) => ({ index: entry.index, valid: entry.valid, issues: entry.issues, record: entry.record })),
    summary,
    direct: seen.filter((entry) => entry.encoded !== undefined).length,
  };
}

/** Both ways; the results must agree. Gives how many rows went straight from their bytes. */
async function expectSameBothWays(parquet: string, options: { open?: OpenParquetDataset; workers?: number } = {}): Promise<number> {
  const general = await toLlavaJson(parquet, false);
  const direct = await toLlavaJson(parquet, true, options);
  expect(general.direct).toBe(0);
  expect(direct.json).toBe(general.json);
  expect(direct.rejects).toBe(general.rejects);
  expect(direct.summary).toEqual(general.summary);
  // With workers, invalid rows carry their issues alone (checked above through the rejects).
  if (options.workers === undefined) expect(direct.entries).toEqual(general.entries);
  return direct.direct;
}

/**
 * A page codec that stores pages uncompressed, except that each "\u0001BAD" becomes four bytes that are not
 * UTF-8 (a Parquet file from a careless writer); page checksums are taken after, so they still match.
 */
function damagingCodec(replacement: readonly number[]): PageCodec {
  const marker = new TextEncoder().encode('\u0001BAD');
  return {
    parquetCode: uncompressed.parquetCode,
    compress(bytes) {
      const page = bytes.slice();
      for (let at = page.indexOf(marker[0]!); at !== -1 && at + 4 <= page.length; at = page.indexOf(marker[0]!, at + 1)) {
        if (page[at + 1] === marker[1] && page[at + 2] === marker[2] && page[at + 3] === marker[3]) page.set(replacement, at);
      }
      return page;
    },
  };
}

async function writeParquet(samples: readonly Sample[], layout: ParquetLayout, codec: PageCodec, rowGroupRows: number): Promise<string> {
  const folder = await mkdtemp(join(await temporaryFolder(), 'in-'));
  const chunks: Uint8Array[] = [];
  const writer = new ParquetWriter({ layout, codec, sink: (bytes) => void chunks.push(bytes.slice()), rowGroupRows, pageBytes: 512 });
  for (const sample of samples) await writer.write(sample);
  await writer.finish();
  const file = join(folder, 'data.parquet');
  await writeFile(file, Buffer.concat(chunks));
  return file;
}

// Samples ----------------------------------------------------------------------------------------------------

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const cleanPiece = fc.oneof(
  fc.constantFrom('"', '\\', '\n', '\r\n', '\t', '\u0000', '\u001f', '\u007f', '\u00a0', '\u2028', '\u2029', '\ufeff', '🦙', '日本語', ' ', 'What is this?', '<imag', 'e>'),
  fc.string({ unit: 'binary', maxLength: 5 }),
);
// Lone surrogates (repaired in Parquet, their originals kept in meta) and bytes a careless writer would store.
const roughPiece = fc.oneof({ weight: 4, arbitrary: cleanPiece }, { weight: 1, arbitrary: fc.constantFrom('\ud800', '\u0001BAD') }, { weight: 1, arbitrary: fc.string({ unit: codeUnit, maxLength: 5 }) });
/** Turn text without placeholders of its own, mostly not blank. */
const turnText = (piece: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 20, arbitrary: fc.array(piece, { minLength: 1, maxLength: 6 }).map((pieces) => `${pieces.join('')}x`.replaceAll('<image>', '<i>')) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u3000\n', '\u00a0') },
  );
const imageArbitrary: fc.Arbitrary<ImageRef> = fc.oneof(
  { weight: 6, arbitrary: nonEmptyImagePathArbitrary.map((path): ImageRef => ({ path })) },
  { weight: 1, arbitrary: fc.constantFrom<ImageRef>({ path: 'a.jpg', cocoId: 5, width: 640 }, { path: 'b.jpg', bytes: new Uint8Array([1, 2, 3]) }, { bytes: new Uint8Array([9]) }, {}) },
);
/** Provenance as generators write it (well-formed text); now and then with lone surrogates, which Parquet repairs. */
const provenance = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({ dataset: fc.string({ unit: 'binary', minLength: 1, maxLength: 5 }), task: fc.string({ unit: 'binary', maxLength: 5 }), annotationId: fc.string({ maxLength: 5 }) }, { requiredKeys: ['dataset'] })
      .map((value): Provenance => ({ ...value })),
  },
  { weight: 1, arbitrary: provenanceArbitrary },
);
const maybe = <T,>(value: fc.Arbitrary<T>, weight: number) => fc.option(value, { nil: undefined, freq: weight });
const ids = fc.oneof({ weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) }, { weight: 1, arbitrary: fc.constantFrom('a', 'b', '', '\u0001BAD', '\ud800', '🦙') });

/** Dialogs that mostly pass the checks (placeholders where they belong), with the occasional extra or flaw. */
function dialogArbitrary(maxImages: number): fc.Arbitrary<Sample> {
  return fc.nat(3).chain((kind) => dialogOf(maxImages, turnText(kind === 0 ? roughPiece : cleanPiece)));
}

function dialogOf(maxImages: number, turnText: fc.Arbitrary<string>): fc.Arbitrary<Sample> {
  return fc
    .record({
      id: ids,
      images: fc.array(imageArbitrary, { maxLength: maxImages }),
      system: maybe(turnText, 4),
      rounds: fc.array(fc.tuple(turnText, turnText), { minLength: 1, maxLength: 3 }),
      placement: fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: maxImages, maxLength: maxImages }),
      turnSource: maybe(provenance, 10),
      turnMeta: maybe(metaArbitrary.filter((meta) => Object.keys(meta).length > 0), 10),
      source: maybe(provenance, 8),
      meta: maybe(metaArbitrary, 6),
      flaw: fc.oneof({ weight: 12, arbitrary: fc.constant('none') }, { weight: 1, arbitrary: fc.constantFrom('extra-placeholder', 'dropped-answer', 'assistant-placeholder') }),
    })
    .map(({ id, images, system, rounds, placement, turnSource, turnMeta, source, meta, flaw }) => {
      const questions = rounds.map(([question]) => question);
      for (const [round, before] of placement.slice(0, images.length)) {
        const at = round % questions.length;
        questions[at] = before ? `<image>\n${questions[at]}` : `${questions[at]}<image>`;
      }
      const turns: Turn[] = [
        ...(system === undefined ? [] : [{ role: 'system' as const, text: system }]),
        ...rounds.flatMap(([, answer], round): Turn[] => [
          { role: 'user', text: questions[round]! },
          { role: 'assistant', text: flaw === 'assistant-placeholder' && round === 0 ? `${answer}<image>` : answer },
        ]),
      ];
      if (flaw === 'extra-placeholder') turns[turns.length - 2]!.text += '<image>';
      if (flaw === 'dropped-answer') turns.pop();
      if (turnSource !== undefined) turns[turns.length - 1]!.source = turnSource as Provenance;
      if (turnMeta !== undefined) turns[0]!.meta = turnMeta;
      return { id, images, turns, ...(source === undefined ? {} : { source }), ...(meta === undefined ? {} : { meta }) };
    });
}

const replacements = fc.constantFrom([0xff, 0x42, 0x41, 0x44], [0xed, 0xa0, 0x80, 0x21], [0x41, 0xc0, 0x80, 0x41], [0x41, 0x42, 0x41, 0xe2]);

const layouts: Array<[string, ParquetLayout, number]> = [
  ['vift', viftLayout, 3],
  // The LLaVA layout has one image column.
  ['llava', llavaLayout, 1],
];

describe.each(layouts)('Parquet (%s layout) → LLaVA JSON from the column bytes', (_name, layout, maxImages) => {
  it('writes the same file, rejects and issues as the general path, for any rows', async () => {
    let direct = 0;
    let rows = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 3, arbitrary: dialogArbitrary(maxImages) }, { weight: 1, arbitrary: sampleArbitrary({ maxImages }) }), { minLength: 1, maxLength: 14 }),
        fc.oneof(fc.constant('zstd'), replacements),
        fc.integer({ min: 1, max: 6 }),
        async (samples, compression, rowGroupRows) => {
          const codec = compression === 'zstd' ? await createCodec('ZSTD') : damagingCodec(compression);
          const parquet = await writeParquet(samples, layout, codec, rowGroupRows);
          direct += await expectSameBothWays(parquet);
          rows += samples.length;
        },
      ),
      { numRuns: 80 },
    );
    // Most rows are valid dialogs, and those go straight from their bytes.
    expect(direct).toBeGreaterThan(rows / 4);
  });

  it("agrees on vift's edge cases: bytes, nulls, empty strings, lone surrogates, NUL", async () => {
    const samples = edgeCases()
      .map((edge) => edge.sample)
      .filter((sample) => sample.images.length <= maxImages);
    const parquet = await writeParquet(samples, layout, await createCodec('SNAPPY'), 2);
    await expectSameBothWays(parquet);
  });

  it('agrees on repeated ids, whichever way the first and the repeat went', async () => {
    const turns = (text: string): Turn[] => [
      { role: 'user', text: `<image>${text}` },
      { role: 'assistant', text: 'answer' },
    ];
    const samples: Sample[] = [
      { id: 'same', images: [{ path: 'a.jpg' }], turns: turns('plain') },
      { id: 'same', images: [{ path: 'a.jpg' }], turns: turns('plain again') },
      { id: 'same', images: [{ path: 'a.jpg' }], turns: turns('with meta'), meta: { note: 1 } },
      { id: 'other', images: [{ path: 'a.jpg' }], turns: turns('with meta first'), meta: { note: 1 } },
      { id: 'other', images: [{ path: 'a.jpg' }], turns: turns('plain repeat') },
      { id: 'broken', images: [], turns: turns('a placeholder too many') },
      { id: 'broken', images: [{ path: 'a.jpg' }], turns: turns('valid, same id as an invalid one') },
    ];
    const parquet = await writeParquet(samples, layout, await createCodec('ZSTD'), 3);
    const result = await toLlavaJson(parquet, true);
    expect(result.entries.map((entry) => (entry as { valid: boolean }).valid)).toEqual([true, false, false, true, false, false, false]);
    expect(result.direct).toBe(2);
    await expectSameBothWays(parquet);
  });

  it('writes text that is not UTF-8 the way the general path decodes it (with U+FFFD)', async () => {
    const samples: Sample[] = [
      { id: 'bad', images: [{ path: 'a.jpg' }], turns: [{ role: 'user', text: '<image> \u0001BAD here' }, { role: 'assistant', text: 'fine' }] },
      { id: 'good', images: [{ path: 'a.jpg' }], turns: [{ role: 'user', text: '<image> fine' }, { role: 'assistant', text: 'fine' }] },
    ];
    const parquet = await writeParquet(samples, layout, damagingCodec([0xed, 0xa0, 0x80, 0x21]), 10);
    const result = await toLlavaJson(parquet, true);
    expect(result.direct).toBe(1);
    expect(result.json).toContain(Buffer.from('\ufffd\ufffd\ufffd!').toString('latin1'));
    await expectSameBothWays(parquet);
  });
});

describe('real data: LLaVA fixtures through Parquet and back', () => {
  describe.each(layouts)('%s layout', (_name, layout) => {
    it.each(llavaFixtureNames)('%s: the same bytes as the general path, every row from its bytes', async (name) => {
      const folder = await mkdtemp(join(await temporaryFolder(), 'fixture-'));
      const input = join(fixturesPath, 'llava', name);
      const parquet = join(folder, 'data.parquet');
      const source = await openDataset(input);
      const sink = await openParquetSink({ output: parquet, layout, codec: await createCodec('ZSTD'), rowGroupBytes: 16_384 });
      const written = await pipeSamples({ input, entries: source.entries, sink });
      expect(await expectSameBothWays(parquet)).toBe(written.written);
      // The worker threads' path (the built package) writes the same.
      expect(await expectSameBothWays(parquet, { open: openBuilt, workers: 2 })).toBe(written.written);
      // And the JSON value is the fixture's.
      const back = await toLlavaJson(parquet, true);
      expect(JSON.parse(back.json.length === 0 ? '[]' : Buffer.from(back.json, 'latin1').toString('utf8'))).toEqual(JSON.parse(await readFile(input, 'utf8')));
    });
  });

  it.each(['duckdb-llava-bench-in-the-wild-60.zstd.parquet', 'duckdb-llava-instruct-coco-val-30-multiturn.vift-lists.parquet', 'polars-llava-bench-coco-90.parquet'])(
    '%s (another writer, other columns): the general path for every row, the same bytes',
    async (name) => {
      expect(await expectSameBothWays(join(fixturesPath, 'parquet', name))).toBe(0);
    },
  );

  it('an image with bytes in the vift layout: a loss counted once per row, the same either way', async () => {
    const sample: Sample = {
      id: 'jpeg',
      images: [{ path: '000000000802.jpg', bytes: imageBytes('000000000802.jpg') }],
      turns: [
        { role: 'user', text: '<image>\nWhat is it?' },
        { role: 'assistant', text: 'A kitchen.' },
      ],
    };
    const parquet = await writeParquet([sample, { ...sample, id: 'jpeg-2' }], viftLayout, await createCodec('ZSTD'), 10);
    await expectSameBothWays(parquet);
    const dataset = await openFromSources(parquet, { encodeFor: { format: 'llava' } });
    const losses: unknown[] = [];
    for await (const entry of dataset.entries) losses.push(entry.encoded?.losses);
    expect(losses).toEqual([{ 'images[].bytes': 1 }, { 'images[].bytes': 1 }]);
  });
});
