import { open, type FileHandle } from 'node:fs/promises';
import type { RandomAccess } from '../read/fast-reader.js';

/** Random access to a file through an open handle; reading past the end is an error, not short data. */
export async function openFileAccess(file: string): Promise<{ access: RandomAccess; handle: FileHandle }> {
  const handle = await open(file, 'r');
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
  return { access, handle };
}
