import { allIssues, createSampleChecks } from '@vift/formats/node';
import { rowToSample } from '@vift/parquet';
import { openParquetDataset, openParquetRowGroups, type ParquetRowGroups, type RowGroupPlace } from '@vift/parquet/node';
import type { SourceEntry, SourceRecord, ViewerSource } from './viewer-source.js';

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
  const checks = createSampleChecks({ checkDuplicateIds: false, imageRoot: options.imageRoot });
  const cache = new Map<RowGroupPlace, Promise<Array<Record<string, unknown>>>>();
  // The files are opened for random access only when a first record is asked for, not before the first page.
  let located: Promise<ParquetRowGroups> | undefined;
  const locate = () => (located ??= openParquetRowGroups(options.path));

  function rowsOf(groups: ParquetRowGroups, place: RowGroupPlace): Promise<Array<Record<string, unknown>>> {
    let rows = cache.get(place);
    if (rows === undefined) {
      rows = groups.readGroup(place);
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
    const groups = await locate();
    const place = groups.groupOf(index);
    if (place === undefined) throw new RangeError(`record ${index} is not in the dataset`);
    const row = (await rowsOf(groups, place))[index - place.firstRow];
    if (row === undefined) throw new RangeError(`record ${index} is missing from its row group`);
    const mapped = rowToSample(opened.layout, row, index);
    const found = allIssues(mapped, checks, index);
    return { sample: mapped.sample, issues: Array.isArray(found) ? found : await found };
  }

  async function* scan(): AsyncGenerator<SourceEntry> {
    const again = await openParquetDataset(options.path, { checkDuplicateIds: false, decodeAsRead: true });
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
      const groups = await located?.catch(() => undefined);
      await groups?.close();
    },
  };
}
