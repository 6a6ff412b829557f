import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { viftLayout } from '@vift/parquet';
import { openParquetDataset, openParquetSink } from '@vift/parquet/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { withImageChecks } from '../src/server/image-checks.js';
import { openJsonSource } from '../src/server/json-source.js';
import { openParquetSource } from '../src/server/parquet-source.js';
import type { SourceEntry, ViewerSource } from '../src/server/viewer-source.js';
import { buildCocoAll, fixturesPath, imagesFixture, useTempFolder, type CocoAllFixture } from './fixture-datasets.js';

const tempFolder = useTempFolder();
const noProgress = () => undefined;

/**
 * The pass's entries (with the image checks the viewer adds), then each record read again at random: the
 * same sample and the same issues.
 */
async function expectRandomReadsMatchThePass(source: ViewerSource, imageRoot: string, order: (count: number) => number[] = (count) => [...Array(count).keys()].reverse()): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  try {
    for await (const entry of withImageChecks(source.entries, imageRoot)) entries.push(entry);
    expect(entries.length).toBeGreaterThan(0);
    for (const index of order(entries.length)) {
      const record = await source.read(index);
      const entry = entries[index]!;
      expect(record.sample, `record ${index}`).toEqual(entry.sample);
      expect(record.issues.map((issue) => issue.code)).toEqual(entry.issues.map((issue) => issue.code).filter((code) => code !== 'duplicate-id'));
    }
  } finally {
    await source.close();
  }
  return entries;
}

describe('Parquet records read at random (a row group at a time) equal those of the pass', () => {
  let fixture: CocoAllFixture;
  beforeAll(async () => {
    fixture = await buildCocoAll(await tempFolder());
  });

  it.each(['duckdb-llava-bench-in-the-wild-60.snappy.parquet', 'duckdb-llava-bench-in-the-wild-60.zstd.parquet', 'duckdb-llava-instruct-coco-val-30-multiturn.vift-lists.parquet', 'polars-llava-bench-coco-90.parquet'])(
    'another writer\'s file: %s',
    async (name) => {
      const source = await openParquetSource({ path: join(fixturesPath, 'parquet', name), imageRoot: fixturesPath, onBytes: noProgress });
      expect(source.expected).toBeGreaterThan(0);
      const entries = await expectRandomReadsMatchThePass(source, fixturesPath);
      expect(entries.length).toBe(source.expected);
    },
  );

  it('the coco-all dataset (vift layout, zstd, turn provenance)', async () => {
    const source = await openParquetSource({ path: fixture.dataset, imageRoot: fixture.imageRoot, onBytes: noProgress });
    const entries = await expectRandomReadsMatchThePass(source, fixture.imageRoot);
    expect(entries.length).toBe(fixture.samples);
    expect(entries.some((entry) => entry.issues.some((issue) => issue.code === 'image-file-missing'))).toBe(true);
  });

  it('many small row groups over several shards, read in a scattered order', async () => {
    const samples = [];
    for await (const entry of (await openParquetDataset(fixture.dataset)).entries) samples.push(entry.sample!);
    const folder = join(await tempFolder(), 'shards');
    const sink = await openParquetSink({ output: folder, layout: viftLayout, rowGroupBytes: 6_000, shardBytes: 40_000 });
    for (const [index, sample] of samples.entries()) await sink.write({ index, sample, issues: [], valid: true });
    await sink.commit();
    const shards = (await readdir(folder)).filter((name) => name.endsWith('.parquet'));
    expect(shards.length).toBeGreaterThan(1);
    const source = await openParquetSource({ path: folder, imageRoot: fixture.imageRoot, onBytes: noProgress });
    expect(source.format).toBe(`parquet (vift layout, ${shards.length} files)`);
    // A stride that jumps between groups and files, so that the cache of two groups is missed often.
    const scattered = (count: number) => [...Array(count).keys()].map((position) => (position * 37) % count);
    const entries = await expectRandomReadsMatchThePass(source, fixture.imageRoot, scattered);
    expect(entries.map((entry) => entry.sample!.id)).toEqual(samples.map((sample) => sample.id));
    await expect((await openParquetSource({ path: folder, imageRoot: fixture.imageRoot, onBytes: noProgress })).read(samples.length)).rejects.toThrow(/not in the dataset/);
  });
});

describe('JSON records read at random by byte offset equal those of the pass', () => {
  it('a JSON array (LLaVA) and the same records as JSON Lines', async () => {
    const file = join(imagesFixture, 'llava-coco-val2017-4.json');
    const array = await expectRandomReadsMatchThePass(await openJsonSource({ file, imageRoot: imagesFixture, onBytes: noProgress }), imagesFixture);
    expect(array.map((entry) => entry.sample!.id)).toEqual(['000000000802', '000000011813', '000000117645', '000000205401-000000117645']);
    const records = JSON.parse(await (await import('node:fs/promises')).readFile(file, 'utf8')) as unknown[];
    const lines = join(await tempFolder(), 'records.jsonl');
    await writeFile(lines, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
    const source = await openJsonSource({ file: lines, imageRoot: imagesFixture, onBytes: noProgress });
    expect(source.format).toBe('llava (JSON Lines)');
    const jsonl = await expectRandomReadsMatchThePass(source, imagesFixture);
    expect(jsonl.map((entry) => entry.sample)).toEqual(array.map((entry) => entry.sample));
  });

  it('refuses a record the pass has not reached', async () => {
    const source = await openJsonSource({ file: join(imagesFixture, 'llava-coco-val2017-4.json'), imageRoot: imagesFixture, onBytes: noProgress });
    try {
      await expect(source.read(0)).rejects.toThrow(/record 0 has not been reached yet/);
    } finally {
      await source.close();
    }
  });
});
