import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ParquetFileError } from '../parquet-file-error.js';
import { UnsupportedParquetFeature } from '../read/column-chunk-reader.js';
import { pageDecompressor } from '../read/decompress.js';
import type { RowAssembler } from '../read/assemble-rows.js';
import { decodeRowGroup, readRowGroupBytes, type ParsedFooter, type RandomAccess, type RowGroupBytes } from '../read/fast-reader.js';

/**
 * The rows of one row group: decoded by vift's own reader (a cursor over its columns), or — for an
 * encoding it does not decode — by hyparquet (the rows themselves). Damage is reported as a one-line error
 * naming the file and the rows.
 */
export async function readRowGroup(
  file: string,
  access: RandomAccess,
  footer: ParsedFooter,
  group: ParsedFooter['rowGroups'][number],
  rowStart: number,
  rowEnd: number,
  /** The group's bytes when already read ahead. */
  prefetched?: Promise<RowGroupBytes>,
): Promise<RowAssembler | Array<Record<string, unknown>>> {
  try {
    const chunks = await (prefetched ?? readRowGroupBytes(access, group));
    return decodeRowGroup(chunks, footer, group, await pageDecompressor());
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
