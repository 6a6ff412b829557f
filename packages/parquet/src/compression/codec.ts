/**
 * The page compression codecs the writer offers, behind one interface. Snappy and UNCOMPRESSED are pure
 * TypeScript and load with this file; zstd (WebAssembly) and gzip (node:zlib) are registered by the Node
 * entry, so the main entry stays light and browser-safe.
 */
import { createSnappyCompressor } from './snappy-compress.js';
import { decompressSnappy, snappyUncompressedLength } from './snappy-decompress.js';
import { CompressionFormatError } from './compression-format-error.js';

export type CompressionCodecName = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP' | 'ZSTD';

/** Values of the Thrift CompressionCodec enum in parquet.thrift. */
export const parquetCompressionCodes = {
  UNCOMPRESSED: 0,
  SNAPPY: 1,
  GZIP: 2,
  ZSTD: 6,
} as const satisfies Record<CompressionCodecName, number>;

export interface CompressionCodec {
  readonly name: CompressionCodecName;
  /** The codec's value in the Thrift CompressionCodec enum, for ColumnMetaData.codec. */
  readonly parquetCode: number;
  /**
   * Compresses one page. The result is a new array, except for UNCOMPRESSED, which hands back `bytes` itself.
   * Codecs keep scratch state between calls: use one codec per thread of work.
   */
  compress(bytes: Uint8Array): Uint8Array;
  /** Restores one page; throws CompressionFormatError unless it holds exactly `uncompressedLength` bytes. */
  decompress(bytes: Uint8Array, uncompressedLength: number): Uint8Array;
}

export interface CodecOptions {
  /** Compression level for ZSTD (default 3) and GZIP (default 6); the other codecs have none. */
  level?: number;
}

export const codecNames: readonly CompressionCodecName[] = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'ZSTD'];

export function isCompressionCodecName(name: string): name is CompressionCodecName {
  return (codecNames as readonly string[]).includes(name);
}

export type CodecLoader = (options: CodecOptions) => Promise<CompressionCodec>;

// gzip (node:zlib) and zstd (WebAssembly read from disk) are Node-only; '@vift/parquet/node' registers them,
// so the main entry bundles for the browser with snappy alone.
const nodeCodecLoaders = new Map<CompressionCodecName, CodecLoader>();

export function registerCodecLoader(name: 'GZIP' | 'ZSTD', load: CodecLoader): void {
  nodeCodecLoaders.set(name, load);
}

/** Creates a codec; asynchronous because zstd loads WebAssembly and gzip loads node:zlib on first use. */
export async function createCodec(name: CompressionCodecName, options: CodecOptions = {}): Promise<CompressionCodec> {
  switch (name) {
    case 'UNCOMPRESSED':
      rejectLevel(name, options);
      return createUncompressedCodec();
    case 'SNAPPY':
      rejectLevel(name, options);
      return createSnappyCodec();
    case 'GZIP':
    case 'ZSTD': {
      const load = nodeCodecLoaders.get(name);
      if (load === undefined) {
        throw new RangeError(`the ${name} codec needs Node.js: import '@vift/parquet/node' (it uses node:zlib and WebAssembly)`);
      }
      return load(options);
    }
    default:
      throw new RangeError(`unknown compression codec ${String(name)}; expected one of ${codecNames.join(', ')}`);
  }
}

/** A level given to a codec without levels is a mistake worth reporting, not ignoring. */
function rejectLevel(name: CompressionCodecName, options: CodecOptions): void {
  if (options.level !== undefined) throw new RangeError(`the ${name} codec takes no compression level`);
}

function createUncompressedCodec(): CompressionCodec {
  return {
    name: 'UNCOMPRESSED',
    parquetCode: parquetCompressionCodes.UNCOMPRESSED,
    compress: (bytes) => bytes,
    decompress(bytes, uncompressedLength) {
      if (bytes.length !== uncompressedLength) {
        throw new CompressionFormatError(`uncompressed page has ${bytes.length} bytes, ${uncompressedLength} were expected`);
      }
      return bytes;
    },
  };
}

function createSnappyCodec(): CompressionCodec {
  const compressor = createSnappyCompressor();
  return {
    name: 'SNAPPY',
    parquetCode: parquetCompressionCodes.SNAPPY,
    compress: compressor.compress,
    decompress(bytes, uncompressedLength) {
      // Checked before decompressing so a page never allocates a size its header does not vouch for.
      const declared = snappyUncompressedLength(bytes);
      if (declared !== uncompressedLength) {
        throw new CompressionFormatError(`snappy page declares ${declared} bytes, ${uncompressedLength} were expected`);
      }
      return decompressSnappy(bytes);
    },
  };
}
