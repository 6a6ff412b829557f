/**
 * Page compression for the Parquet writer. zstd and gzip are reached through createCodec, which imports them
 * on first use; their modules are not re-exported here so that importing this entry never loads them.
 */
export {
  codecNames,
  createCodec,
  isCompressionCodecName,
  parquetCompressionCodes,
  registerCodecLoader,
  type CodecLoader,
  type CodecOptions,
  type CompressionCodec,
  type CompressionCodecName,
} from './codec.js';
export { CompressionFormatError } from './compression-format-error.js';
export { compressSnappy, createSnappyCompressor, snappyMaxCompressedLength, type SnappyCompressor } from './snappy-compress.js';
export { decompressSnappy, snappyUncompressedLength } from './snappy-decompress.js';
export type { ZstdCompressor, ZstdCompressorOptions, ZstdDecompressor } from './zstd.js';
