/**
 * Zstandard through @foxglove/wasm-zstd: the reference zstd library compiled to WebAssembly and shipped inside
 * its npm tarball, so installing needs no download and no native build. It was the fastest of the WebAssembly
 * builds measured (bench/compression), on par with a native addon here. The package starts loading its
 * WebAssembly as soon as it is imported, so it is imported only when a zstd compressor or decompressor is first
 * created, keeping it off the main import path. Its functions copy through Node's Buffer: this file is for Node.
 */
import { CompressionFormatError } from './compression-format-error.js';

/** zstd's own default level; on dataset text it runs about as fast as level 1 with a better ratio. */
export const defaultZstdLevel = 3;
/** Negative levels trade ratio for speed; the library accepts them down to -131072. */
const minimumZstdLevel = -131_072;
const maximumZstdLevel = 22;

export interface ZstdCompressorOptions {
  /** zstd compression level, an integer from -131072 (fastest) to 22 (smallest); 3 when left out. */
  level?: number;
}

export interface ZstdCompressor {
  readonly level: number;
  /** Compresses into one zstd frame, which records its content size, in a new array. */
  compress(input: Uint8Array): Uint8Array;
}

export interface ZstdDecompressor {
  /** Decompresses zstd frames holding exactly `uncompressedLength` bytes (a Parquet page header gives it). */
  decompress(input: Uint8Array, uncompressedLength: number): Uint8Array;
}

interface ZstdModule {
  isLoaded: Promise<unknown>;
  compress(input: Uint8Array, level?: number): Uint8Array;
  decompress(input: Uint8Array, size: number): Uint8Array;
}

let loading: Promise<ZstdModule> | undefined;

function loadZstd(): Promise<ZstdModule> {
  if (loading === undefined) {
    const started = import('@foxglove/wasm-zstd').then(async (imported) => {
      // A CommonJS package: Node's ESM loader hands its exports over as the default export.
      const zstd = ((imported as { default?: ZstdModule }).default ?? imported) as ZstdModule;
      await zstd.isLoaded;
      return zstd;
    });
    loading = started;
    // A failed load is forgotten so that a later call can try again.
    started.catch(() => {
      if (loading === started) loading = undefined;
    });
  }
  return loading;
}

/** The package returns Buffers, possibly slices of Node's shared pool; a plain view keeps Uint8Array semantics
 * (Buffer's slice() shares memory where Uint8Array's copies). */
function plainView(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export async function createZstdCompressor(options: ZstdCompressorOptions = {}): Promise<ZstdCompressor> {
  const level = options.level ?? defaultZstdLevel;
  if (!Number.isInteger(level) || level < minimumZstdLevel || level > maximumZstdLevel) {
    throw new RangeError(`zstd level ${level} is not an integer from ${minimumZstdLevel} to ${maximumZstdLevel}`);
  }
  const zstd = await loadZstd();
  return {
    level,
    compress: (input) => plainView(zstd.compress(input, level)),
  };
}

export async function createZstdDecompressor(): Promise<ZstdDecompressor> {
  const zstd = await loadZstd();
  return {
    decompress(input, uncompressedLength) {
      if (!Number.isInteger(uncompressedLength) || uncompressedLength < 0) {
        throw new RangeError(`uncompressed length ${uncompressedLength} is not a non-negative integer`);
      }
      let output: Uint8Array;
      try {
        output = zstd.decompress(input, uncompressedLength);
      } catch (error) {
        throw new CompressionFormatError('zstd input is corrupt or holds more than the expected bytes', { cause: error });
      }
      if (output.length !== uncompressedLength) {
        throw new CompressionFormatError(`zstd input holds ${output.length} bytes, ${uncompressedLength} were expected`);
      }
      return plainView(output);
    },
  };
}
