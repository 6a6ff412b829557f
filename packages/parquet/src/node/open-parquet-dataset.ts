import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createSampleChecks, type DatasetEntry } from '@vift/formats/node';
import { hasErrors } from '@vift/schema';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ParquetFileError } from '../parquet-file-error.js';
import { UnsupportedParquetFeature } from '../read/column-chunk-reader.js';
import { decompressPage } from '../read/decompress.js';
import { detectLayout, type ReadLayout } from '../read/detect-layout.js';
import { readParquetFooter, readRowGroupRows, type ParsedFooter, type RandomAccess } from '../read/fast-reader.js';
import { rowToSample } from '../read/row-to-sample.js';

export type OpenParquetDatasetOptions = {
  /** Report ids seen before (default true). */
  checkDuplicateIds?: boolean | undefined;
  /** Check that every image path names a readable file under this folder. */
  imageRoot?: string | undefined;
  /** Called after each row group with the compressed bytes read so far and the total. */
  onBytes?: ((bytesRead: number, totalBytes: number) => void) | undefined;
};

export type OpenedParquetDataset = {
  /** The file or folder given. */
  file: string;
  /** The Parquet files read, in order (shards sorted by name). */
  files: string[];
  layout: ReadLayout;
  rows: number;
  size: number;
  entries: AsyncGenerator<DatasetEntry>;
};

type OpenedFile = { file: string; access: RandomAccess; handle: FileHandle; footer: ParsedFooter; layout: ReadLayout };

/**
 * Opens a Parquet file, or a folder of shards, for streaming one row group at a time: detects the layout
 * (vift, LLaVA or TRL), maps each row to a sample and checks it like any other dataset record. Row groups
 * are decoded by vift's own reader; one it cannot decode (an encoding it does not know) is read with
 * hyparquet instead.
 */
export async function openParquetDataset(path: string, options: OpenParquetDatasetOptions = {}): Promise<OpenedParquetDataset> {
  const files = await parquetFilesOf(path);
  const opened: OpenedFile[] = [];
  try {
    for (const file of files) opened.push(await openParquetFile(file));
  } catch (error) {
    await Promise.all(opened.map((entry) => entry.handle.close()));
    throw error;
  }
  const layouts = new Set(opened.map((entry) => entry.layout));
  if (layouts.size > 1) {
    await Promise.all(opened.map((entry) => entry.handle.close()));
    throw new ParquetFileError({ file: path, message: `its shards mix layouts (${[...layouts].join(', ')})`, fix: 'keep one layout per folder' });
  }
  const rows = opened.reduce((sum, entry) => sum + entry.footer.numRows, 0);
  const size = opened.reduce((sum, entry) => sum + entry.access.size, 0);
  const checks = createSampleChecks(options);

  async function* entries(): AsyncGenerator<DatasetEntry> {
    let index = 0;
    let bytesRead = 0;
    try {
      for (const { file, access, footer, layout } of opened) {
        let rowStart = 0;
        for (const group of footer.rowGroups) {
          const rowEnd = rowStart + group.numRows;
          const groupRows = await decodeRowGroup(file, access, footer, group, rowStart, rowEnd);
          for (const row of groupRows) {
            const mapped = rowToSample(layout, row, index);
            const issues = [...mapped.issues];
            if (mapped.sample !== undefined) {
              const found = checks(mapped.sample, index);
              issues.push(...(Array.isArray(found) ? found : await found));
            }
            const valid = !hasErrors(issues);
            // The row is kept only for a rejects file.
            yield { index, sample: mapped.sample, issues, valid, ...(valid ? {} : { record: describeRow(row) }) };
            index++;
          }
          bytesRead += group.columns.reduce((sum, column) => sum + column.length, 0);
          options.onBytes?.(bytesRead, size);
          rowStart = rowEnd;
        }
      }
    } finally {
      await Promise.all(opened.map((entry) => entry.handle.close()));
    }
  }

  return { file: path, files, layout: opened[0]!.layout, rows, size, entries: entries() };
}

/** The Parquet files of a path: the file itself, or a folder's *.parquet files sorted by name. */
export async function parquetFilesOf(path: string): Promise<string[]> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new ParquetFileError({ file: path, message: error.code === 'ENOENT' ? 'no such file or folder' : `cannot read it (${error.code})`, fix: 'check the path', cause: error });
  });
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((name) => name.endsWith('.parquet')).sort();
  if (names.length === 0) throw new ParquetFileError({ file: path, message: 'the folder holds no .parquet files', fix: 'give a Parquet file or a folder of shards' });
  return names.map((name) => join(path, name));
}

async function openParquetFile(file: string): Promise<OpenedFile> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const access: RandomAccess = {
      size,
      async read(start, length) {
        const bytes = new Uint8Array(length);
        const { bytesRead } = await handle.read(bytes, 0, length, start);
        if (bytesRead < length) throw new RangeError(`the file ends at byte ${start + bytesRead}, before byte ${start + length}`);
        return bytes;
      },
    };
    if (size < 12) throw new ParquetFileError({ file, message: `it is ${size} bytes, too short for a Parquet file`, fix: 'write or download the file again' });
    const magic = async (at: number) => String.fromCharCode(...(await access.read(at, 4)));
    const head = await magic(0);
    if (head !== 'PAR1') throw new ParquetFileError({ file, message: 'it is not a Parquet file (no "PAR1" magic number)', fix: 'give a Parquet file, or name the input format with --from' });
    if ((await magic(size - 4)) !== 'PAR1') {
      throw new ParquetFileError({ file, message: 'the file ends without the Parquet footer (it is truncated)', fix: 'write or download the file again' });
    }
    let footer: ParsedFooter;
    try {
      footer = await readParquetFooter(access);
    } catch (error) {
      throw new ParquetFileError({ file, message: `its footer cannot be read (${(error as Error).message})`, fix: 'the file is damaged: write or download it again', cause: error });
    }
    return { file, access, handle, footer, layout: detectLayout(footer.root, file) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function decodeRowGroup(
  file: string,
  access: RandomAccess,
  footer: ParsedFooter,
  group: ParsedFooter['rowGroups'][number],
  rowStart: number,
  rowEnd: number,
): Promise<Array<Record<string, unknown>>> {
  try {
    return await readRowGroupRows(access, footer, group, decompressPage);
  } catch (error) {
    if (error instanceof UnsupportedParquetFeature) return readWithHyparquet(file, rowStart, rowEnd);
    throw new ParquetFileError({
      file,
      message: `rows ${rowStart} to ${rowEnd - 1} cannot be decoded (${(error as Error).message})`,
      fix: 'the file is damaged: write or download it again',
      cause: error,
    });
  }
}

/** The general reader, for encodings vift's own reader does not decode. */
async function readWithHyparquet(file: string, rowStart: number, rowEnd: number): Promise<Array<Record<string, unknown>>> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  return parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, compressors });
}

/** A row for a rejects file: JSON-able, with bytes shown by their size. */
function describeRow(row: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(row, (_key, value: unknown) => (value instanceof Uint8Array ? `<${value.length} bytes>` : typeof value === 'bigint' ? value.toString() : value)));
}
