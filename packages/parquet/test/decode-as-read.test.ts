import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetEntry } from '@vift/formats/node';
import { describe, expect, it } from 'vitest';
import { llavaLayout, viftLayout, type CompressionCodecName, type ParquetLayout } from '../src/index.js';
import { openParquetDataset } from '../src/node/index.js';
import { pageDecompressor } from '../src/read/decompress.js';
import { RowsAsRead } from '../src/node/read-row-group.js';
import type { RowAssembler } from '../src/read/assemble-rows.js';
import { UnsupportedParquetFeature } from '../src/read/column-chunk-reader.js';
import { assembledRows, decodeRowGroup, decodeRowGroupAsRead, readParquetFooter, readRowGroupBytes, type RandomAccess } from '../src/read/fast-reader.js';
import { fixturesPath, llavaFixtureNames, llavaFixtureSamples, useTemporaryFolder, writeSamples } from './test-data.js';

// Row groups decoded page by page as their rows are read (what a viewer's background pass uses): the same
// rows as decoding whole groups, with only the pages the rows read so far need.

const temporaryFolder = useTemporaryFolder();
const samples = llavaFixtureNames.flatMap((name) => llavaFixtureSamples(name));

async function entriesOf(path: string, decodeAsRead: boolean): Promise<DatasetEntry[]> {
  const dataset = await openParquetDataset(path, { decodeAsRead });
  const entries: DatasetEntry[] = [];
  for await (const entry of dataset.entries) entries.push(entry);
  return entries;
}

function memoryAccess(bytes: Uint8Array): RandomAccess {
  return { size: bytes.length, read: async (start, length) => bytes.subarray(start, start + length) };
}

const PAGE_ENTRIES = 64;

/** Row groups of many small pages: 2 KiB of values or 64 entries at most. */
async function writeManyPages(layout: ParquetLayout, compression: CompressionCodecName): Promise<string> {
  const file = join(await temporaryFolder(), `${layout.name}-${compression}.parquet`);
  await writeSamples(file, samples, { layout, compression, pageBytes: 2048, pageEntries: PAGE_ENTRIES, rowGroupBytes: 96 << 10 });
  return file;
}

describe.each([
  { layout: viftLayout, compression: 'ZSTD' },
  { layout: viftLayout, compression: 'SNAPPY' },
  { layout: llavaLayout, compression: 'UNCOMPRESSED' },
] as const)('a $layout.name file ($compression) decoded as read', ({ layout, compression }) => {
  it('decodes only the pages of the rows read so far, and gives the same rows', async () => {
    const bytes = new Uint8Array(await readFile(await writeManyPages(layout, compression)));
    const footer = await readParquetFooter(memoryAccess(bytes));
    const group = footer.rowGroups[0]!;
    expect(footer.rowGroups.length).toBeGreaterThan(1);
    expect(group.numRows).toBeGreaterThan(10);
    const chunks = await readRowGroupBytes(memoryAccess(bytes), group);
    const decompress = await pageDecompressor();
    const asRead = decodeRowGroupAsRead(chunks, footer, group, decompress);
    const whole = decodeRowGroup(chunks, footer, group, decompress);
    // Nothing is decoded before the first row is asked for.
    expect(asRead.leaves.every((leaf) => leaf.count === 0)).toBe(true);
    expect(asRead.next()).toEqual(whole.next());
    const decoded = (index: number) => asRead.leaves[index]!.count;
    // One row needs one page of each column: no page holds more than 64 entries (a first row has fewer).
    expect(group.columns.every((_column, index) => decoded(index) > 0 && decoded(index) <= PAGE_ENTRIES)).toBe(true);
    expect(group.columns.some((column, index) => decoded(index) < column.numValues)).toBe(true);
    for (let row = 1; row < 3; row++) expect(asRead.next()).toEqual(whole.next());
    for (let row = 3; row < group.numRows; row++) expect(asRead.next()).toEqual(whole.next());
    expect(group.columns.every((column, index) => decoded(index) === column.numValues)).toBe(true);
  });

  it('yields every record once, in order, as reading whole groups does', async () => {
    const file = await writeManyPages(layout, compression);
    const expected = await entriesOf(file, false);
    expect(expected).toHaveLength(samples.length);
    expect(await entriesOf(file, true)).toEqual(expected);
  });
});

describe('decoding as read', () => {
  it.each(['duckdb-llava-bench-in-the-wild-60.zstd.parquet', 'duckdb-llava-instruct-coco-val-30-multiturn.vift-lists.parquet', 'polars-llava-bench-coco-90.parquet'])(
    'reads %s as whole groups do',
    async (name) => {
      const file = join(fixturesPath, 'parquet', name);
      expect(await entriesOf(file, true)).toEqual(await entriesOf(file, false));
    },
  );

  it('names the file and the rows when a page part-way through a group is damaged', async () => {
    const file = await writeManyPages(viftLayout, 'UNCOMPRESSED');
    const bytes = new Uint8Array(await readFile(file));
    const footer = await readParquetFooter(memoryAccess(bytes));
    const group = footer.rowGroups[0]!;
    const content = group.columns.findIndex((column) => column.path.join('.') === 'messages.list.element.content');
    const chunk = group.columns[content]!;
    // A byte near the end of the chunk: its last page no longer matches its checksum.
    const damaged = bytes.slice();
    damaged[chunk.start + chunk.length - 10]! ^= 0xff;
    const damagedFile = join(await temporaryFolder(), 'damaged.parquet');
    await writeFile(damagedFile, damaged);
    const dataset = await openParquetDataset(damagedFile, { decodeAsRead: true });
    let read = 0;
    let failure: unknown;
    try {
      for await (const entry of dataset.entries) read = entry.index + 1;
    } catch (error) {
      failure = error;
    }
    // The rows before the damaged page were read; the error names the rows from the first one not read.
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(group.numRows);
    expect((failure as Error).message).toContain(damagedFile);
    expect((failure as Error).message).toMatch(new RegExp(`rows ${read} to ${group.numRows - 1} cannot be decoded \\(column messages\\.list\\.element\\.content: page \\d+ does not match its checksum\\)`));
  });
});

describe('RowsAsRead', () => {
  it('reads the rest of a group with hyparquet when a later page uses an encoding vift does not decode', async () => {
    const file = await writeManyPages(viftLayout, 'SNAPPY');
    const bytes = new Uint8Array(await readFile(file));
    const footer = await readParquetFooter(memoryAccess(bytes));
    const group = footer.rowGroups[0]!;
    const whole = [...assembledRows(decodeRowGroup(await readRowGroupBytes(memoryAccess(bytes), group), footer, group, await pageDecompressor()), group.numRows)];
    // vift's reader stops at its fourth row as it would at a page in an unknown encoding.
    let given = 0;
    const stopsAtFour = { next: () => (given === 3 ? unsupported() : whole[given++]!) } as unknown as RowAssembler;
    const rows = new RowsAsRead(stopsAtFour, file, 0, group.numRows);
    expect([...rows.rows()]).toEqual(whole.slice(0, 3));
    const rest = await rows.rest();
    expect(rest.map((row) => row.id)).toEqual(whole.slice(3).map((row) => row.id));
    expect(rest.map((row) => (row.messages as unknown[]).length)).toEqual(whole.slice(3).map((row) => (row.messages as unknown[]).length));
    // Nothing more after that.
    expect(await rows.rest()).toEqual([]);
  });
});

function unsupported(): never {
  throw new UnsupportedParquetFeature('value encoding 6');
}
