import fc from 'fast-check';
import { gunzipSync } from 'node:zlib';
import { decompress as decompressWithFzstd } from 'fzstd';
import { describe, expect, it } from 'vitest';
// gzip and zstd are registered by the Node entry.
import { registerNodeCodecs } from '../../src/node/node-codecs.js';

registerNodeCodecs();
import { codecNames, createCodec, isCompressionCodecName, parquetCompressionCodes, type CompressionCodecName } from '../../src/compression/codec.js';
import { CompressionFormatError } from '../../src/compression/compression-format-error.js';
import { decompressSnappy } from '../../src/compression/snappy-decompress.js';
import { compressibleBytes, sameBytes, seededText } from './sample-data.js';

/** Each codec's output read back by a decoder that is not the codec's own. */
const independentDecoders: Record<CompressionCodecName, (bytes: Uint8Array) => Uint8Array> = {
  UNCOMPRESSED: (bytes) => bytes,
  SNAPPY: (bytes) => decompressSnappy(bytes),
  GZIP: (bytes) => gunzipSync(bytes),
  ZSTD: (bytes) => decompressWithFzstd(bytes),
};

describe('compression codecs', () => {
  it('carry the Thrift CompressionCodec values', () => {
    expect(parquetCompressionCodes).toEqual({ UNCOMPRESSED: 0, SNAPPY: 1, GZIP: 2, ZSTD: 6 });
  });

  it.each(codecNames)('%s round trips through itself and an independent decoder', async (name) => {
    const codec = await createCodec(name);
    expect(codec.name).toBe(name);
    expect(codec.parquetCode).toBe(parquetCompressionCodes[name]);
    fc.assert(
      fc.property(compressibleBytes, (input) => {
        const compressed = codec.compress(input);
        expect(sameBytes(codec.decompress(compressed, input.length), input)).toBe(true);
        expect(sameBytes(independentDecoders[name](compressed), input)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it.each(codecNames)('%s rejects a page of the wrong length', async (name) => {
    const codec = await createCodec(name);
    const input = seededText(10_000);
    const compressed = codec.compress(input);
    expect(() => codec.decompress(compressed, input.length + 1)).toThrow(CompressionFormatError);
  });

  it('passes levels to zstd and gzip and refuses them elsewhere', async () => {
    const text = seededText(200_000, 2);
    const gzipFast = await createCodec('GZIP', { level: 1 });
    const gzipSmall = await createCodec('GZIP', { level: 9 });
    expect(gzipSmall.compress(text).length).toBeLessThan(gzipFast.compress(text).length);
    const zstdFast = await createCodec('ZSTD', { level: 1 });
    const zstdSmall = await createCodec('ZSTD', { level: 12 });
    expect(zstdSmall.compress(text).length).toBeLessThan(zstdFast.compress(text).length);
    await expect(createCodec('SNAPPY', { level: 1 })).rejects.toThrow(RangeError);
    await expect(createCodec('UNCOMPRESSED', { level: 1 })).rejects.toThrow(RangeError);
    await expect(createCodec('GZIP', { level: 10 })).rejects.toThrow(RangeError);
  });

  it('rejects unknown names', async () => {
    expect(isCompressionCodecName('SNAPPY')).toBe(true);
    expect(isCompressionCodecName('LZ4')).toBe(false);
    await expect(createCodec('LZ4' as CompressionCodecName)).rejects.toThrow(RangeError);
  });
});
