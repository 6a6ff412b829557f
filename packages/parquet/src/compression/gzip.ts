/**
 * GZIP (RFC 1952, which Parquet's GZIP codec means) through node:zlib. Node only: imported lazily by codec.ts
 * so that browser bundles of the main entry never reach node:zlib.
 */
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { CompressionFormatError } from './compression-format-error.js';

/** zlib's own default level. */
export const defaultGzipLevel = 6;

export interface GzipOptions {
  /** zlib level from 0 (stored) to 9 (smallest); 6 when left out. */
  level?: number;
}

export interface GzipCompressor {
  readonly level: number;
  compress(input: Uint8Array): Uint8Array;
}

function plainView(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function createGzipCompressor(options: GzipOptions = {}): GzipCompressor {
  const level = options.level ?? defaultGzipLevel;
  if (!Number.isInteger(level) || level < constants.Z_NO_COMPRESSION || level > constants.Z_BEST_COMPRESSION) {
    throw new RangeError(`gzip level ${level} is not an integer from 0 to 9`);
  }
  return {
    level,
    compress: (input) => plainView(gzipSync(input, { level })),
  };
}

/** Decompresses gzip members holding exactly `uncompressedLength` bytes. */
export function decompressGzip(input: Uint8Array, uncompressedLength: number): Uint8Array {
  let output: Uint8Array;
  try {
    // One byte of headroom tells an exact fit from a longer stream that zlib would cut off at the limit.
    output = gunzipSync(input, { maxOutputLength: Math.max(1, uncompressedLength + 1) });
  } catch (error) {
    throw new CompressionFormatError('gzip input is corrupt or holds more than the expected bytes', { cause: error });
  }
  if (output.length !== uncompressedLength) {
    throw new CompressionFormatError(`gzip input holds ${output.length} bytes, ${uncompressedLength} were expected`);
  }
  return plainView(output);
}
