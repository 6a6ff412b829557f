import { parquetCompressionCodes, registerCodecLoader } from '../compression/codec.js';

/** Registers the codecs that need Node.js (node:zlib, WebAssembly); the Node entry and the worker call it. */
export function registerNodeCodecs(): void {
  registerCodecLoader('GZIP', async (options) => {
    const { createGzipCompressor, decompressGzip } = await import('../compression/gzip.js');
    const compressor = createGzipCompressor(options);
    return { name: 'GZIP', parquetCode: parquetCompressionCodes.GZIP, compress: compressor.compress, decompress: decompressGzip };
  });
  registerCodecLoader('ZSTD', async (options) => {
    const { createZstdCompressor, createZstdDecompressor } = await import('../compression/zstd.js');
    const [compressor, decompressor] = await Promise.all([createZstdCompressor(options), createZstdDecompressor()]);
    return { name: 'ZSTD', parquetCode: parquetCompressionCodes.ZSTD, compress: compressor.compress, decompress: decompressor.decompress };
  });
}
