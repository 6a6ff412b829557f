import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parquetMetadata } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { llavaFeatures, llavaLayout, viftFeatures, viftLayout, type CompressionCodecName, type ParquetLayout } from '../src/index.js';
import { tableCrc32 } from '../src/crc32.js';
import { ThriftReader } from '../src/read/thrift-reader.js';
import { describeWithDuckDb, keyValueWithDuckDb, openDuckDb, queryDuckDb, readWithDuckDb, readWithHyparquet, readWithParquetWasm, type Row } from './other-readers.js';
import { comparableRow, edgeCases, llavaFixtureNames, llavaFixtureSamples, llavaRow, useTemporaryFolder, viftRow, writeSamples } from './test-data.js';

// vift writes; DuckDB, hyparquet and parquet-wasm read. Every column of every row must be what was written.

const temporaryFolder = useTemporaryFolder();
let duckdb: DuckDBConnection;
beforeAll(async () => {
  duckdb = await openDuckDb();
});

const fixtureSamples = llavaFixtureNames.flatMap(llavaFixtureSamples);
const cases = edgeCases();

/** The samples each layout is given and the rows it should hold: the edge cases it can hold, then the fixtures. */
function expectedRows(layout: ParquetLayout) {
  const isVift = layout === viftLayout;
  // The LLaVA layout has one image column.
  const edges = isVift ? cases : cases.filter((edge) => edge.sample.images.length <= 1);
  const samples = [...edges.map((edge) => edge.sample), ...fixtureSamples];
  const rows = [
    ...edges.map((edge) => (isVift ? viftRow(edge.sample, edge.viftMeta ?? edge.sample.meta) : llavaRow(edge.sample, edge.llavaMeta ?? edge.sample.meta))),
    ...fixtureSamples.map((sample) => (isVift ? viftRow(sample) : llavaRow(sample))),
  ];
  return { samples, rows };
}

const readers: Array<[string, (file: string) => Promise<Row[]>]> = [
  ['DuckDB', (file) => readWithDuckDb(duckdb, file)],
  ['hyparquet', readWithHyparquet],
  ['parquet-wasm', readWithParquetWasm],
];

const layouts: Array<[string, ParquetLayout]> = [
  ['vift', viftLayout],
  ['llava', llavaLayout],
];
const compressions: CompressionCodecName[] = ['SNAPPY', 'ZSTD', 'UNCOMPRESSED'];

describe.each(layouts)('the %s layout', (layoutName, layout) => {
  describe.each(compressions)('%s', (compression) => {
    // Small row groups and pages (by bytes and by entries), so that every file has several of each.
    let file: string;
    beforeAll(async () => {
      file = join(await temporaryFolder(), `${layoutName}-${compression}.parquet`);
      await writeSamples(file, expectedRows(layout).samples, { layout, compression, rowGroupBytes: 96 << 10, pageBytes: 8 << 10, pageEntries: 500 });
    });

    it.each(readers)('reads back as written with %s', async (_reader, read) => {
      const { rows: expected } = expectedRows(layout);
      const rows = (await read(file)).map(comparableRow);
      expect(rows).toHaveLength(expected.length);
      // Row by row, so that a failure names the row.
      for (const [index, row] of rows.entries()) expect({ index, row }).toEqual({ index, row: comparableRow(expected[index]!) });
    });

    it('has several row groups and pages, each page with the CRC-32 of its bytes', async () => {
      const bytes = new Uint8Array(await readFile(file));
      const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      expect(metadata.row_groups.length).toBeGreaterThan(1);
      let pages = 0;
      let chunks = 0;
      for (const group of metadata.row_groups) {
        for (const column of group.columns) {
          const chunk = column.meta_data!;
          let offset = Number(chunk.data_page_offset);
          const end = offset + Number(chunk.total_compressed_size);
          while (offset < end) {
            const reader = new ThriftReader(bytes, offset);
            const header = reader.struct();
            const size = header.get(3) as number;
            const body = bytes.subarray(reader.offset, reader.offset + size);
            // Checked against Node's zlib, which vift's writer may not use (browsers get a table).
            expect(header.get(4)).toBe(zlibCrc32(body) | 0);
            offset = reader.offset + size;
            pages++;
          }
          expect(offset).toBe(end);
          chunks++;
        }
      }
      expect(pages).toBeGreaterThan(chunks);
    });
  });

  it('has the column types DuckDB expects of it, and the features under "huggingface"', async () => {
    const file = join(await temporaryFolder(), `${layoutName}-types.parquet`);
    await writeSamples(file, expectedRows(layout).samples.slice(0, 3), { layout, compression: 'SNAPPY' });
    const provenance = 'STRUCT(dataset VARCHAR, task VARCHAR, "template" VARCHAR, annotationId VARCHAR)';
    expect(await describeWithDuckDb(duckdb, file)).toEqual(
      layout === viftLayout
        ? {
            id: 'VARCHAR',
            images: 'STRUCT(bytes BLOB, path VARCHAR)[]',
            messages: `STRUCT("role" VARCHAR, "content" VARCHAR, "source" ${provenance}, meta VARCHAR)[]`,
            source: provenance,
            meta: 'VARCHAR',
          }
        : { id: 'VARCHAR', image: 'STRUCT(bytes BLOB, path VARCHAR)', conversations: 'STRUCT("from" VARCHAR, "value" VARCHAR)[]', meta: 'VARCHAR' },
    );
    const metadata = await keyValueWithDuckDb(duckdb, file);
    expect(Object.keys(metadata)).toEqual(['huggingface']);
    const features = (JSON.parse(metadata.huggingface!) as { info: { features: unknown } }).info.features;
    expect(features).toEqual(layout === viftLayout ? viftFeatures : llavaFeatures);
    // Images decode as images in `datasets`: an Image feature, alone in a list for the vift layout.
    expect(layout === viftLayout ? (features as typeof viftFeatures).images : (features as typeof llavaFeatures).image).toEqual(layout === viftLayout ? [{ _type: 'Image' }] : { _type: 'Image' });
  });
});

describe('lone surrogates', () => {
  it('are U+FFFD in the columns DuckDB reads, and counted', async () => {
    const file = join(await temporaryFolder(), 'surrogates.parquet');
    const edge = cases.find((entry) => entry.name === 'lone surrogates')!;
    const { repairedStrings } = await writeSamples(file, [edge.sample], { layout: viftLayout, compression: 'SNAPPY' });
    expect(repairedStrings).toBe(3);
    const [row] = await queryDuckDb(
      duckdb,
      `SELECT id, images[1].path AS path, messages[1].content AS content, meta FROM '${file}'`,
    );
    expect(row).toMatchObject({ id: 'lone-\ufffd', path: 'a\ufffd.jpg', content: '<image>\nhigh \ufffd alone' });
    // The originals are in meta as JSON escapes, which keep them exact.
    expect(JSON.parse(String(row!.meta))['vift:text']).toEqual({ id: 'lone-\ud800', 'images[0].path': 'a\udfff.jpg', 'turns[0].text': '<image>\nhigh \ud83d alone' });
  });
});

describe('page checksums', () => {
  it('are the standard CRC-32 with or without Node', () => {
    const bytes = new Uint8Array(100_003);
    for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 2_654_435_761) >>> 24;
    for (const length of [0, 1, 7, 8, 9, 64, 100_003]) expect(tableCrc32(bytes.subarray(0, length))).toBe(zlibCrc32(bytes.subarray(0, length)) | 0);
    expect(tableCrc32(new TextEncoder().encode('123456789')) >>> 0).toBe(0xcbf43926);
  });
});
