import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viftLayout } from '../src/index.js';
import { openParquetRowGroups, openParquetSink } from '../src/node/index.js';
import { comparableRow, fixturesPath, llavaFixtureNames, llavaFixtureSamples, readJson, useTemporaryFolder, viftRow } from './test-data.js';

// Random access by row group (a viewer reading one record again): every row at its index, across shards.

const temporaryFolder = useTemporaryFolder();
const samples = llavaFixtureNames.flatMap((name) => llavaFixtureSamples(name));

async function writeShards(): Promise<string> {
  const folder = join(await temporaryFolder(), 'shards');
  const sink = await openParquetSink({ output: folder, layout: viftLayout, rowGroupBytes: 8_000, shardBytes: 60_000 });
  for (const [index, sample] of samples.entries()) await sink.write({ index, sample, issues: [], valid: true });
  await sink.commit();
  return folder;
}

describe('openParquetRowGroups', () => {
  it('finds every row in its group, across shards, and reads it as written', async () => {
    const groups = await openParquetRowGroups(await writeShards());
    try {
      expect(new Set(groups.groups.map((place) => place.file)).size).toBeGreaterThan(1);
      expect(groups.rows).toBe(samples.length);
      expect(groups.groupOf(-1)).toBeUndefined();
      expect(groups.groupOf(samples.length)).toBeUndefined();
      // Groups in a scattered order, each row compared with the sample written at that index.
      for (let step = 0; step < groups.groups.length; step++) {
        const place = groups.groups[(step * 7) % groups.groups.length]!;
        const rows = await groups.readGroup(place);
        expect(rows).toHaveLength(place.rows);
        rows.forEach((row, offset) => {
          const index = place.firstRow + offset;
          expect(groups.groupOf(index)).toMatchObject(place);
          expect(comparableRow(row)).toEqual(comparableRow(viftRow(samples[index]!)));
        });
      }
    } finally {
      await groups.close();
    }
  });

  it('reads files other writers made', async () => {
    const groups = await openParquetRowGroups(join(fixturesPath, 'parquet', 'polars-llava-bench-coco-90.parquet'));
    try {
      const rows = (await Promise.all(groups.groups.map((place) => groups.readGroup(place)))).flat();
      const records = readJson(join(fixturesPath, 'llava', 'llava-bench-coco-90.json')) as Array<{ id: string; conversations: Array<{ from: string; value: string }> }>;
      expect(rows.map((row) => row.id)).toEqual(records.map((record) => record.id));
      expect(rows.map((row) => row.conversations)).toEqual(records.map((record) => record.conversations));
    } finally {
      await groups.close();
    }
  });

  it('names the file and the rows of a damaged group', async () => {
    const folder = await writeShards();
    const groups = await openParquetRowGroups(folder);
    const place = groups.groups[1]!;
    await groups.close();
    const bytes = new Uint8Array(await readFile(place.file));
    // A byte in the middle of the file's data: a page no longer matches its checksum.
    bytes[Math.floor(bytes.length / 3)]! ^= 0xff;
    await writeFile(place.file, bytes);
    const damaged = await openParquetRowGroups(folder);
    try {
      const failures = await Promise.all(damaged.groups.filter((group) => group.file === place.file).map((group) => damaged.readGroup(group).then(() => undefined, (error: Error) => error.message)));
      const message = failures.find((failure) => failure !== undefined);
      expect(message).toMatch(new RegExp(`^${place.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: rows \\d+ to \\d+ cannot be decoded`));
    } finally {
      await damaged.close();
    }
  });
});
