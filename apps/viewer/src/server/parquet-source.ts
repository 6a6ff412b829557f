import { open, type FileHandle } from 'node:fs/promises';
import { allIssues, createSampleChecks } from '@vift/formats/node';
import { createCodec, rowToSample } from '@vift/parquet';
import { openParquetDataset } from '@vift/parquet/node';
import type { AsyncBuffer, Compressors, FileMetaData } from 'hyparquet';
import type { SourceEntry, SourceRecord, ViewerSource } from './viewer-source.js';

/** A row group's place among all the dataset's records. */
type GroupPlace = { file: OpenFile; group: number; firstIndex: number; rows: number; rowStart: number };
type OpenFile = { file: string; handle: FileHandle; buffer: AsyncBuffer; metadata: FileMetaData };
type Hyparquet = typeof import('hyparquet');

/** Decoded row groups kept for neighbouring samples (a group is about 16 MB of text). */
const CACHED_GROUPS = 2;

/**
 * A Parquet file or folder of shards (vift, LLaVA or TRL layout). The pass streams it with vift's reader;
 * a sample page decodes only the row group that holds the record.
 */
export async function openParquetSource(options: { path: string; imageRoot: string; onBytes: (read: number, total: number) => void }): Promise<ViewerSource> {
  // Image files are checked by the pass, many at once (image-checks.ts).
  // Pages decoded as rows are read: the first list page needs a page per column, not a whole row group.
  const opened = await openParquetDataset(options.path, { onBytes: options.onBytes, decodeAsRead: true });
  const files: OpenFile[] = [];
  const checks = createSampleChecks({ checkDuplicateIds: false, imageRoot: options.imageRoot });
  const cache = new Map<GroupPlace, Promise<Array<Record<string, unknown>>>>();
  // The footers are read for random access only when a first record is asked for, not before the first page.
  let located: Promise<{ groups: GroupPlace[]; decompressors: Compressors; hyparquet: Hyparquet }> | undefined;
  const locate = () => (located ??= locateGroups(opened.files, files));

  function rowsOf(place: GroupPlace, decompressors: Compressors, { parquetReadObjects }: Hyparquet): Promise<Array<Record<string, unknown>>> {
    let rows = cache.get(place);
    if (rows === undefined) {
      rows = parquetReadObjects({ file: place.file.buffer, metadata: place.file.metadata, rowStart: place.rowStart, rowEnd: place.rowStart + place.rows, compressors: decompressors, utf8: false });
      rows.catch(() => cache.delete(place));
      cache.set(place, rows);
      for (const key of cache.keys()) if (cache.size > CACHED_GROUPS) cache.delete(key);
    } else {
      // Most recently used last.
      cache.delete(place);
      cache.set(place, rows);
    }
    return rows;
  }

  async function read(index: number): Promise<SourceRecord> {
    const { groups, decompressors, hyparquet } = await locate();
    const place = groupOf(groups, index);
    if (place === undefined) throw new RangeError(`record ${index} is not in the dataset`);
    const row = (await rowsOf(place, decompressors, hyparquet))[index - place.firstIndex];
    if (row === undefined) throw new RangeError(`record ${index} is missing from its row group`);
    const mapped = rowToSample(opened.layout, row, index);
    const found = allIssues(mapped, checks, index);
    return { sample: mapped.sample, issues: Array.isArray(found) ? found : await found };
  }

  async function* scan(): AsyncGenerator<SourceEntry> {
    const again = await openParquetDataset(options.path, { checkDuplicateIds: false });
    for await (const entry of again.entries) yield { index: entry.index, sample: entry.sample, issues: entry.issues };
  }

  return {
    format: `parquet (${opened.layout} layout${opened.files.length > 1 ? `, ${opened.files.length} files` : ''})`,
    size: opened.size,
    expected: opened.rows,
    entries: opened.entries,
    scan,
    read,
    close: async () => {
      await opened.entries.return(undefined);
      await located?.catch(() => undefined);
      await Promise.all(files.map((entry) => entry.handle.close()));
    },
  };
}

/**
 * Every file's row groups with the index of their first record; the open files are added to `files`.
 * hyparquet is loaded here, when a first record is asked for, not while the viewer starts.
 */
async function locateGroups(paths: readonly string[], files: OpenFile[]): Promise<{ groups: GroupPlace[]; decompressors: Compressors; hyparquet: Hyparquet }> {
  const hyparquet = await import('hyparquet');
  const { parquetMetadataAsync } = hyparquet;
  const groups: GroupPlace[] = [];
  let firstIndex = 0;
  for (const file of paths) {
    const handle = await open(file, 'r');
    let entry: OpenFile;
    try {
      const buffer = fileBuffer(handle, (await handle.stat()).size);
      entry = { file, handle, buffer, metadata: await parquetMetadataAsync(buffer) };
    } catch (error) {
      await handle.close();
      throw error;
    }
    files.push(entry);
    let rowStart = 0;
    entry.metadata.row_groups.forEach((group, groupIndex) => {
      const rows = Number(group.num_rows);
      groups.push({ file: entry, group: groupIndex, firstIndex, rows, rowStart });
      firstIndex += rows;
      rowStart += rows;
    });
  }
  return { groups, decompressors: await parquetDecompressors(), hyparquet };
}

/** The row group holding a record (binary search over the groups' first records). */
function groupOf(groups: readonly GroupPlace[], index: number): GroupPlace | undefined {
  let low = 0;
  let high = groups.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const place = groups[middle]!;
    if (index < place.firstIndex) high = middle - 1;
    else if (index >= place.firstIndex + place.rows) low = middle + 1;
    else return place;
  }
  return undefined;
}

/** Reads slices of an open file, as hyparquet asks for them. */
function fileBuffer(handle: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start, end = size) {
      const bytes = new Uint8Array(end - start);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
      if (bytesRead < bytes.length) throw new RangeError(`the file ends at byte ${start + bytesRead}, before byte ${end}`);
      return bytes.buffer;
    },
  };
}

/** hyparquet's decompressors, with zstd from @vift/parquet (WebAssembly, faster than the JavaScript one). */
async function parquetDecompressors(): Promise<Compressors> {
  const { compressors } = await import('hyparquet-compressors');
  const zstd = await createCodec('ZSTD').catch(() => undefined);
  return zstd === undefined ? compressors : { ...compressors, ZSTD: (input: Uint8Array, outputLength: number) => zstd.decompress(input, outputLength) };
}
