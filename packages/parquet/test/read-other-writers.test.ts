import { join } from 'node:path';
import { createLlavaFormat } from '@vift/formats';
import type { DatasetEntry } from '@vift/formats/node';
import { describe, expect, it } from 'vitest';
import { inspectParquet, openParquetDataset } from '../src/node/index.js';
import { fixturesPath, readJson } from './test-data.js';

// Files written by DuckDB and Polars from the LLaVA fixtures (fixtures/parquet/make-fixtures.mjs) read as
// the samples vift's LLaVA adapter makes of the same records.

const llava = createLlavaFormat();

const fixtures = [
  { file: 'duckdb-llava-bench-in-the-wild-60.snappy.parquet', source: 'llava-bench-in-the-wild-60.json', writer: /^DuckDB version v1\./, layout: 'llava', codec: 'snappy' },
  { file: 'duckdb-llava-bench-in-the-wild-60.zstd.parquet', source: 'llava-bench-in-the-wild-60.json', writer: /^DuckDB version v1\./, layout: 'llava', codec: 'zstd' },
  { file: 'duckdb-llava-instruct-coco-val-30-multiturn.vift-lists.parquet', source: 'llava-instruct-coco-val-30-multiturn.json', writer: /^DuckDB version v1\./, layout: 'vift', codec: 'snappy' },
  { file: 'polars-llava-bench-coco-90.parquet', source: 'llava-bench-coco-90.json', writer: /^Polars/, layout: 'llava', codec: 'zstd' },
] as const;

async function entriesOf(path: string): Promise<DatasetEntry[]> {
  const dataset = await openParquetDataset(path);
  const entries: DatasetEntry[] = [];
  for await (const entry of dataset.entries) entries.push(entry);
  return entries;
}

describe.each(fixtures)('$file', ({ file, source, writer, layout, codec }) => {
  const path = join(fixturesPath, 'parquet', file);

  it('was written by the writer it is named after', async () => {
    const [inspection] = await inspectParquet(path);
    expect(inspection!.createdBy).toMatch(writer);
    expect(inspection!.codecs).toEqual([codec]);
    // Nothing of vift's: no features for datasets, and none of vift's page checksums to lean on.
    expect(inspection!.metadataKeys).not.toContain('huggingface');
  });

  it(`reads in the ${layout} layout as the samples of ${source}`, async () => {
    const records = readJson(join(fixturesPath, 'llava', source)) as unknown[];
    const expected = records.map((record, index) => llava.fromRecord(record, { index }).sample);
    const dataset = await openParquetDataset(path);
    expect(dataset.layout).toBe(layout);
    expect(dataset.rows).toBe(records.length);
    const entries = await entriesOf(path);
    expect(entries.map((entry) => entry.issues)).toEqual(records.map(() => []));
    // DuckDB and Polars keep the extra key ("category") as a column of its own, which vift puts in meta.
    expect(entries.map((entry) => entry.sample)).toEqual(expected);
  });
});
