import { ParquetFileError } from '../parquet-file-error.js';
import { UnsupportedParquetFeature } from '../read/column-chunk-reader.js';
import { pageDecompressor } from '../read/decompress.js';
import type { RowAssembler } from '../read/assemble-rows.js';
import { decodeRowGroup, decodeRowGroupAsRead, readRowGroupBytes, type ParsedFooter, type RandomAccess, type RowGroupBytes } from '../read/fast-reader.js';

type Row = Record<string, unknown>;

/**
 * The rows of one row group: decoded by vift's own reader (a cursor over its columns; with `asRead` one
 * that decodes pages as rows are read, see RowsAsRead), or — for an encoding it does not decode — by
 * hyparquet (the rows themselves). Damage is reported as a one-line error naming the file and the rows.
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
  asRead = false,
): Promise<RowAssembler | Row[]> {
  try {
    const chunks = await (prefetched ?? readRowGroupBytes(access, group));
    return (asRead ? decodeRowGroupAsRead : decodeRowGroup)(chunks, footer, group, await pageDecompressor());
  } catch (error) {
    if (error instanceof UnsupportedParquetFeature) return readWithHyparquet(file, rowStart, rowEnd);
    throw damagedRows(file, rowStart, rowEnd, error);
  }
}

/**
 * The rows of a group decoded as they are read (`readRowGroup` with `asRead`): a failure part-way, which
 * surfaces from the cursor, ends `rows()`; `rest()` then gives the rows
 * left, read by hyparquet (an encoding vift's reader does not know), or throws the error naming the file
 * and rows (damage).
 */
export class RowsAsRead {
  private failure: unknown;
  private read = 0;

  constructor(
    private readonly assembler: RowAssembler,
    private readonly file: string,
    private readonly rowStart: number,
    private readonly rowEnd: number,
  ) {}

  *rows(): Generator<Row> {
    const count = this.rowEnd - this.rowStart;
    while (this.read < count) {
      let row: Row;
      try {
        row = this.assembler.next();
      } catch (error) {
        this.failure = error;
        return;
      }
      this.read++;
      yield row;
    }
  }

  /** The rows after a failure (none without one). */
  async rest(): Promise<Row[]> {
    const failure = this.failure;
    this.failure = undefined;
    if (failure === undefined) return [];
    const from = this.rowStart + this.read;
    if (failure instanceof UnsupportedParquetFeature) return readWithHyparquet(this.file, from, this.rowEnd);
    throw damagedRows(this.file, from, this.rowEnd, failure);
  }
}

function damagedRows(file: string, rowStart: number, rowEnd: number, error: unknown): ParquetFileError {
  return new ParquetFileError({
    file,
    message: `rows ${rowStart} to ${rowEnd - 1} cannot be decoded (${(error as Error).message})`,
    fix: 'the file is damaged: write or download it again',
    cause: error,
  });
}

/** The general reader, for encodings vift's own reader does not decode; loaded only when a file needs it. */
async function readWithHyparquet(file: string, rowStart: number, rowEnd: number): Promise<Row[]> {
  const [{ asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  return parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, compressors });
}
