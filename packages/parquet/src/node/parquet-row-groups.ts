import { RowAssembler } from '../read/assemble-rows.js';
import { assembledRows } from '../read/fast-reader.js';
import { openParquetFile, type OpenedParquetFile } from './open-parquet-file.js';
import { parquetFilesOf } from './open-parquet-dataset.js';
import { readRowGroup } from './read-row-group.js';

/** A row group's place among all of a dataset's rows. */
export type RowGroupPlace = { file: string; group: number; firstRow: number; rows: number };

export type ParquetRowGroups = {
  /** Every row group of every file (shards in name order), in order. */
  groups: readonly RowGroupPlace[];
  rows: number;
  /** The group holding row `row` (counted over all files), or undefined past the end. */
  groupOf(row: number): RowGroupPlace | undefined;
  /** A group's rows as objects keyed by column (vift's reader; hyparquet for encodings it does not know). */
  readGroup(place: RowGroupPlace): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
};

/**
 * Random access to a Parquet file or folder of shards by row group: for reading a record again by its
 * index (a viewer's sample page) without streaming the rows before it. Damage is a one-line error naming
 * the file and the rows.
 */
export async function openParquetRowGroups(path: string): Promise<ParquetRowGroups> {
  const opened: OpenedParquetFile[] = [];
  try {
    for (const file of await parquetFilesOf(path)) opened.push(await openParquetFile(file));
  } catch (error) {
    await Promise.all(opened.map((entry) => entry.handle.close()));
    throw error;
  }
  const groups: Array<RowGroupPlace & { opened: OpenedParquetFile; rowStart: number }> = [];
  let firstRow = 0;
  for (const entry of opened) {
    let rowStart = 0;
    entry.footer.rowGroups.forEach((group, index) => {
      groups.push({ file: entry.file, group: index, firstRow, rows: group.numRows, opened: entry, rowStart });
      firstRow += group.numRows;
      rowStart += group.numRows;
    });
  }
  return {
    groups,
    rows: firstRow,
    groupOf(row) {
      // Binary search over the groups' first rows.
      let low = 0;
      let high = groups.length - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const place = groups[middle]!;
        if (row < place.firstRow) high = middle - 1;
        else if (row >= place.firstRow + place.rows) low = middle + 1;
        else return place;
      }
      return undefined;
    },
    async readGroup(place) {
      const found = groups.find((entry) => entry.file === place.file && entry.group === place.group);
      if (found === undefined) throw new RangeError(`${place.file} has no row group ${place.group}`);
      const { opened: file, rowStart } = found;
      const read = await readRowGroup(file.file, file.access, file.footer, file.footer.rowGroups[found.group]!, rowStart, rowStart + found.rows);
      return read instanceof RowAssembler ? [...assembledRows(read, found.rows)] : read;
    },
    close: async () => {
      await Promise.all(opened.map((entry) => entry.handle.close()));
    },
  };
}
