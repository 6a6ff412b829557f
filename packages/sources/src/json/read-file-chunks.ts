import { createReadStream } from 'node:fs';
import { SourceFileError } from '../source-error.js';

/** One MiB: large enough that per-chunk work is noise, small enough to keep memory flat. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

/** Streams a file's bytes; a missing or unreadable file becomes a `SourceFileError` naming it. */
export async function* readFileChunks(file: string, chunkBytes = DEFAULT_CHUNK_BYTES): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: chunkBytes })) yield chunk as Buffer;
  } catch (error) {
    throw toSourceFileError(file, error);
  }
}

/** Turns a file-system error into a one-line `SourceFileError`; other errors pass through. */
export function toSourceFileError(file: string, error: unknown): unknown {
  if (SourceFileError.isInstance(error)) return error;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'ENOENT') return new SourceFileError({ file, message: 'no such file', fix: 'check the path, or download the annotation file first', cause: error });
  if (code === 'EISDIR') return new SourceFileError({ file, message: 'this is a folder, not a file', fix: 'pass the annotation file inside it', cause: error });
  if (code === 'EACCES' || code === 'EPERM') return new SourceFileError({ file, message: 'the file cannot be read (permission denied)', fix: 'check the file permissions', cause: error });
  return error;
}
