import type { FileHandle } from 'node:fs/promises';
import { ParquetFileError } from '../parquet-file-error.js';
import { readParquetFooter, type ParsedFooter, type RandomAccess } from '../read/fast-reader.js';
import { openFileAccess } from './file-access.js';

export type OpenedParquetFile = { file: string; access: RandomAccess; handle: FileHandle; footer: ParsedFooter };

/**
 * Opens a Parquet file and reads its footer, after checking that it is one: long enough, "PAR1" at both
 * ends, a footer that decodes. Each failure is a one-line ParquetFileError; the handle is then closed.
 */
export async function openParquetFile(file: string): Promise<OpenedParquetFile> {
  const { access, handle } = await openFileAccess(file);
  try {
    const size = access.size;
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
    return { file, access, handle, footer };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
