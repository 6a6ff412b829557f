import { UnsupportedParquetFeature, type Decompress } from './column-chunk-reader.js';
import { createCodec, parquetCompressionCodes, type CompressionCodec, type CompressionCodecName } from '../compression/codec.js';
import { CompressionFormatError } from '../compression/compression-format-error.js';
import { decompressSnappy } from '../compression/snappy-decompress.js';

let ready: Promise<Decompress> | undefined;

/**
 * Page decompression for the codecs vift writes (uncompressed, snappy, gzip, zstd); zstd and gzip load on
 * first use, hence the promise. A page in any other codec makes the caller read the file another way.
 */
export function pageDecompressor(): Promise<Decompress> {
  ready ??= createDecompress();
  return ready;
}

async function createDecompress(): Promise<Decompress> {
  const codecs = new Map<number, CompressionCodec>();
  const names: CompressionCodecName[] = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'ZSTD'];
  for (const name of names) {
    // gzip needs node:zlib and zstd WebAssembly: where one cannot load, its files are read another way.
    const codec = await createCodec(name).catch(() => undefined);
    if (codec !== undefined) codecs.set(parquetCompressionCodes[name], codec);
  }
  return (codec, bytes, uncompressedSize, output) => {
    // Snappy can write straight into the caller's array, sparing an allocation per page.
    if (codec === parquetCompressionCodes.SNAPPY && output !== undefined) {
      const page = decompressSnappy(bytes, output);
      if (page.length !== uncompressedSize) throw new CompressionFormatError(`snappy page holds ${page.length} bytes, ${uncompressedSize} were expected`);
      return page;
    }
    const found = codecs.get(codec);
    if (found === undefined) throw new UnsupportedParquetFeature(`compression codec ${codec}`);
    return found.decompress(bytes, uncompressedSize);
  };
}
