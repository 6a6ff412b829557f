import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { createLlavaFormat } from '@vift/formats';
import { openDataset, openRecordFileSink, pipeSamples } from '@vift/formats/node';
import { IdTracker, checkSample, duplicateIdIssue } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { arrange, extrasArbitrary, imagePathArbitrary, optionalEntry, recordIdArbitrary, sourceValueArbitrary, textArbitrary, type Entry } from '../../formats/test/arbitraries.js';
import { createCodec, llavaLayout, viftLayout, type ParquetLayout } from '../src/index.js';
import { openParquetDataset as openFromSources, openParquetSink } from '../src/node/index.js';
import { fixturesPath, llavaFixtureNames, useTemporaryFolder } from './test-data.js';

// LLaVA JSON → Parquet → LLaVA JSON gives back the same JSON value, as `vift convert` does it: the JSON
// reader, the conversion loop and the Parquet sink; then the Parquet reader, both the one that maps rows
// on this thread (from the sources) and the built one that writes records in worker threads.

const temporaryFolder = useTemporaryFolder();
const llava = createLlavaFormat();

type OpenParquetDataset = typeof openFromSources;
const openBuilt = (async (path, options) => (await import('@vift/parquet/node')).openParquetDataset(path, options)) as OpenParquetDataset;

/** Writes records as a LLaVA JSON file, converts it to Parquet and back; gives back both files' text. */
async function throughParquet(records: readonly unknown[], layout: ParquetLayout, open: OpenParquetDataset, workers?: number) {
  const folder = await mkdtemp(join(await temporaryFolder(), 'case-'));
  const input = join(folder, 'in.json');
  await writeFile(input, JSON.stringify(records));
  return throughParquetFile(input, folder, layout, open, workers);
}

async function throughParquetFile(input: string, folder: string, layout: ParquetLayout, open: OpenParquetDataset, workers?: number) {
  const parquet = join(folder, 'data.parquet');
  const output = join(folder, 'back.json');
  const source = await openDataset(input);
  const parquetSink = await openParquetSink({ output: parquet, layout, codec: await createCodec('SNAPPY'), rowGroupBytes: 4096 });
  await pipeSamples({ input, entries: source.entries, sink: parquetSink });
  const dataset = await open(parquet, { encodeFor: { format: 'llava' }, ...(workers === undefined ? {} : { workers }) });
  const jsonSink = await openRecordFileSink({ output, to: llava });
  await pipeSamples({ input: parquet, entries: dataset.entries, sink: jsonSink });
  return { input: await readFile(input, 'utf8'), output: await readFile(output, 'utf8'), repairedStrings: parquetSink.repairedStrings };
}

const sameJsonValue = (text: string) => JSON.stringify(JSON.parse(text));

// Records -------------------------------------------------------------------------------------------------

/** Turn text a dialog can have: not blank, no "<image>" of its own. */
const turnText = textArbitrary.filter((text) => text.trim() !== '' && !text.includes('<image>') && !text.includes('<imag'));

const turnArbitrary = (from: fc.Arbitrary<string>, value: fc.Arbitrary<string>) =>
  fc
    .record({ from, value, source: optionalEntry('source', sourceValueArbitrary), extras: extrasArbitrary(['from', 'value', 'source']) })
    .chain(({ from, value, source, extras }) => arrange([['from', from], ['value', value], source], extras));

/**
 * LLaVA records that pass vift's checks: an optional system turn, then human/gpt rounds (any spelling),
 * one "<image>" per image in the human turns, ids of every kind, a "source" and extra keys in any order,
 * text with lone surrogates, emoji and line separators.
 */
function llavaRecordArbitrary(maxImages: number): fc.Arbitrary<Record<string, unknown>> {
  const image = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    imagePathArbitrary.filter((path) => path !== ''),
    fc.array(imagePathArbitrary.filter((path) => path !== ''), { maxLength: maxImages }),
  );
  return fc
    .record({
      id: optionalEntry('id', recordIdArbitrary),
      image,
      system: fc.option(turnText, { nil: undefined, freq: 1 }),
      rounds: fc.array(fc.tuple(turnText, turnText), { minLength: 1, maxLength: 3 }),
      placement: fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: maxImages, maxLength: maxImages }),
      source: optionalEntry('source', sourceValueArbitrary),
      extras: extrasArbitrary(['id', 'image', 'conversations', 'source']),
    })
    .chain(({ id, image: images, system, rounds, placement, source, extras }) => {
      const count = images === undefined || images === null ? 0 : typeof images === 'string' ? 1 : images.length;
      const human = rounds.map(([question]) => question);
      for (const [round, before] of placement.slice(0, count)) {
        const at = round % human.length;
        human[at] = before ? `<image>\n${human[at]}` : `${human[at]}\n<image>`;
      }
      const turns = [
        ...(system === undefined ? [] : [turnArbitrary(fc.constant('system'), fc.constant(system))]),
        ...rounds.flatMap(([, answer], round) => [
          turnArbitrary(fc.constantFrom('human', 'user'), fc.constant(human[round]!)),
          turnArbitrary(fc.constantFrom('gpt', 'assistant'), fc.constant(answer)),
        ]),
      ];
      return fc.tuple(...turns).chain((conversations) =>
        arrange([id, images === undefined ? undefined : (['image', images] as Entry), ['conversations', conversations], source], extras),
      );
    });
}

/** The records vift accepts as a dataset, in order (unique ids; the rest of the checks pass by construction). */
function acceptedRecords(records: ReadonlyArray<Record<string, unknown>>): unknown[] {
  const kept: unknown[] = [];
  const ids = new IdTracker();
  for (const built of records) {
    const record = JSON.parse(JSON.stringify(built)) as unknown;
    const index = kept.length;
    const { sample, issues } = llava.fromRecord(record, { index });
    if (sample === undefined || issues.length > 0 || checkSample(sample, index).length > 0) continue;
    if (duplicateIdIssue(ids, sample.id, index) !== undefined) continue;
    kept.push(record);
  }
  return kept;
}

const datasetArbitrary = (maxImages: number) =>
  fc
    .array(llavaRecordArbitrary(maxImages), { minLength: 1, maxLength: 12 })
    .map(acceptedRecords)
    .filter((records) => records.length > 0);

// Tests ---------------------------------------------------------------------------------------------------

const layouts: Array<[string, ParquetLayout, number]> = [
  ['vift', viftLayout, 3],
  // The LLaVA layout has one image column.
  ['llava', llavaLayout, 1],
];

describe.each(layouts)('LLaVA JSON through the %s layout', (_name, layout, maxImages) => {
  it('gives back the same JSON value for arbitrary records (rows read on this thread)', async () => {
    await fc.assert(
      fc.asyncProperty(datasetArbitrary(maxImages), async (records) => {
        const { input, output } = await throughParquet(records, layout, openFromSources);
        expect(sameJsonValue(output)).toBe(sameJsonValue(input));
      }),
      { numRuns: 40 },
    );
  });

  it('gives back the same JSON value for arbitrary records (rows written as records by worker threads)', async () => {
    await fc.assert(
      fc.asyncProperty(datasetArbitrary(maxImages), async (records) => {
        const { input, output } = await throughParquet(records, layout, openBuilt, 2);
        expect(sameJsonValue(output)).toBe(sameJsonValue(input));
      }),
      { numRuns: 5 },
    );
  });

  it.each(llavaFixtureNames)('gives back the same JSON value for every record of %s', async (name) => {
    const folder = await mkdtemp(join(await temporaryFolder(), 'fixture-'));
    const { input, output } = await throughParquetFile(join(fixturesPath, 'llava', name), folder, layout, openBuilt);
    expect(sameJsonValue(output)).toBe(sameJsonValue(input));
  });

  it('restores strings with lone surrogates exactly, and counts them', async () => {
    const record = {
      id: 'lone-\ud800',
      image: 'a\udfff.jpg',
      conversations: [
        { from: 'human', value: '<image>\nhigh \ud83d alone', source: { dataset: 'd\udc00' } },
        { from: 'gpt', value: 'a pair 🦙 and a lone \ude00' },
      ],
      note: '\ud800 in meta stays a JSON escape',
    };
    const { input, output, repairedStrings } = await throughParquet([record], layout, openFromSources);
    expect(sameJsonValue(output)).toBe(sameJsonValue(input));
    expect(JSON.parse(output)).toEqual([record]);
    // id, image path and two turn texts; the vift layout has a column for the turn's source dataset too.
    expect(repairedStrings).toBe(layout === viftLayout ? 5 : 4);
  });

  it("keeps a record's own keys that are spelled like vift's notes in meta", async () => {
    const record = {
      id: 'a',
      image: 'a.jpg',
      conversations: [
        { from: 'human', value: '<image>\nQ' },
        { from: 'gpt', value: 'A' },
      ],
      'vift:text': { id: 'not the id' },
      'vift:images': [{ cocoId: 5 }],
      'vift:source': { dataset: 'not the source' },
      'vift:turns': [{ meta: { not: 'a turn note' } }],
      'vift:meta:vift:text': 'escaped twice',
      after: 1,
    };
    const { input, output } = await throughParquet([record], layout, openFromSources);
    expect(JSON.parse(output)).toEqual([record]);
    expect(sameJsonValue(output)).toBe(sameJsonValue(input));
  });
});
