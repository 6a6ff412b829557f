import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetEntry } from '@vift/formats/node';
import { pipeSamples } from '@vift/formats/node';
import type { Sample } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { createCodec, viftLayout, type CompressionCodecName } from '../src/index.js';
import { inspectParquet, openParquetDataset, openParquetSink } from '../src/node/index.js';
import { openDuckDb, queryDuckDb } from './other-readers.js';
import { llavaFixtureNames, llavaFixtureSamples, useTemporaryFolder } from './test-data.js';

const temporaryFolder = useTemporaryFolder();
const samples = llavaFixtureNames.flatMap(llavaFixtureSamples);

async function* entriesOf(list: readonly Sample[]): AsyncGenerator<DatasetEntry> {
  for (const [index, sample] of list.entries()) yield { index, sample, issues: [], valid: true };
}

async function writeShards(folder: string, shardBytes: number, compression: CompressionCodecName = 'SNAPPY') {
  const sink = await openParquetSink({ output: folder, layout: viftLayout, codec: await createCodec(compression), compressionName: compression.toLowerCase(), shardBytes });
  await pipeSamples({ input: 'samples', entries: entriesOf(samples), sink });
  return sink;
}

async function readAll(folder: string): Promise<Sample[]> {
  const dataset = await openParquetDataset(folder);
  const read: Sample[] = [];
  for await (const entry of dataset.entries) read.push(entry.sample!);
  return read;
}

const shardName = /^train-(\d{5})-of-(\d{5})\.parquet$/;

describe('a folder of shards', () => {
  it.each([
    ['SNAPPY', 40_000],
    ['UNCOMPRESSED', 40_000],
    // Small enough for the footer to matter.
    ['SNAPPY', 12_000],
  ] as const)('keeps every %s shard under %i bytes, in row groups smaller than that', async (compression, shardBytes) => {
    const folder = join(await temporaryFolder(), `shards-${compression}-${shardBytes}`);
    const sink = await writeShards(folder, shardBytes, compression);
    const names = (await readdir(folder)).sort();
    const shards = names.filter((name) => name !== 'README.md');
    expect(names).toEqual([...shards, 'README.md'].sort());
    // Several shards, each of many rows (a row group as large as a shard would close one after every row).
    expect(shards.length).toBeGreaterThanOrEqual(3);
    expect(shards.length).toBeLessThan(samples.length / 5);
    shards.forEach((name, index) => expect(shardName.exec(name)?.slice(1)).toEqual([String(index).padStart(5, '0'), String(shards.length).padStart(5, '0')]));
    expect(sink.files).toEqual(shards.map((name) => join(folder, name)));
    const inspections = await inspectParquet(folder);
    for (const inspection of inspections) {
      expect(inspection.bytes).toBeLessThanOrEqual(shardBytes);
      expect((await stat(inspection.file)).size).toBe(inspection.bytes);
      for (const group of inspection.rowGroups) expect(group.compressedBytes).toBeLessThan(shardBytes / 2);
    }
    expect(inspections.flatMap((inspection) => inspection.rowGroups).length).toBeGreaterThan(shards.length);
    // The folder reads as all the rows, in order.
    expect(await readAll(folder)).toEqual(samples);
  });

  it('has a dataset card with the data files, the features and the row count', async () => {
    const folder = join(await temporaryFolder(), 'card');
    await writeShards(folder, 60_000);
    const card = await readFile(join(folder, 'README.md'), 'utf8');
    expect(card).toMatch(/^---\nconfigs:\n- config_name: default\n {2}data_files:\n {2}- split: train\n {4}path: train-\*\.parquet\n/);
    for (const line of ['  - name: id\n    dtype: string', '  - name: images\n    sequence: image', '  - name: messages\n    list:\n    - name: role', '  - name: source\n    struct:', '  - name: meta\n    dtype: string']) {
      expect(card).toContain(line);
    }
    expect(card).toContain(`    num_examples: ${samples.length}\n`);
    expect(card).toContain('snappy compressed');
  });

  it('replaces the shards of an earlier run, leaving none of them behind', async () => {
    const folder = join(await temporaryFolder(), 'rerun');
    await writeShards(folder, 30_000);
    const before = (await readdir(folder)).filter((name) => shardName.test(name));
    await writeShards(folder, 90_000);
    const after = (await readdir(folder)).sort();
    const shards = after.filter((name) => shardName.test(name));
    expect(shards.length).toBeLessThan(before.length);
    // Only this run's shards and its card; no temporary files.
    expect(after).toEqual([...shards, 'README.md'].sort());
    expect(shards.every((name) => name.endsWith(`-of-${String(shards.length).padStart(5, '0')}.parquet`))).toBe(true);
    expect(await readAll(folder)).toEqual(samples);
    // DuckDB reads the folder the way Hugging Face's data_files pattern names it.
    const [counted] = await queryDuckDb(await openDuckDb(), `SELECT count(*)::INTEGER AS rows FROM read_parquet('${join(folder, 'train-*.parquet')}')`);
    expect(counted).toEqual({ rows: samples.length });
  });
});
