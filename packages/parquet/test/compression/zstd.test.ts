import fc from 'fast-check';
import { decompress as decompressWithFzstd } from 'fzstd';
import { beforeAll, describe, expect, it } from 'vitest';
import { CompressionFormatError } from '../../src/compression/compression-format-error.js';
import {
  createZstdCompressor,
  createZstdDecompressor,
  type ZstdCompressor,
  type ZstdDecompressor,
} from '../../src/compression/zstd.js';
import { compressibleBytes, sameBytes, seededBytes, seededText } from './sample-data.js';

describe('zstd', () => {
  let fast: ZstdCompressor;
  let decompressor: ZstdDecompressor;
  beforeAll(async () => {
    fast = await createZstdCompressor({ level: 1 });
    decompressor = await createZstdDecompressor();
  });

  it('round trips through the package and through fzstd, an independent decoder', () => {
    fc.assert(
      fc.property(compressibleBytes, (input) => {
        const frame = fast.compress(input);
        expect(frame.constructor).toBe(Uint8Array);
        expect(sameBytes(decompressor.decompress(frame, input.length), input)).toBe(true);
        expect(sameBytes(decompressWithFzstd(frame), input)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('defaults to level 3 and accepts negative and high levels', async () => {
    const text = seededText(300_000, 3);
    const byLevel = new Map<number, number>();
    for (const level of [-5, 1, 3, 9]) {
      const compressor = await createZstdCompressor({ level });
      const frame = compressor.compress(text);
      byLevel.set(level, frame.length);
      expect(sameBytes(decompressWithFzstd(frame), text)).toBe(true);
    }
    expect((await createZstdCompressor()).level).toBe(3);
    expect(byLevel.get(9)!).toBeLessThan(byLevel.get(-5)!);
  });

  it('handles empty, one-byte, incompressible and large inputs', () => {
    for (const input of [new Uint8Array(0), new Uint8Array([9]), seededBytes(1 << 20, 4), seededText(17 << 20, 5)]) {
      const frame = fast.compress(input);
      expect(sameBytes(decompressor.decompress(frame, input.length), input)).toBe(true);
    }
  });

  it('rejects levels outside the library range', async () => {
    for (const level of [23, 1.5, Number.NaN, -200_000]) {
      await expect(createZstdCompressor({ level })).rejects.toThrow(RangeError);
    }
  });

  it('rejects corrupt, truncated and wrongly sized frames', () => {
    const input = seededText(50_000, 6);
    const frame = fast.compress(input);
    expect(() => decompressor.decompress(frame.subarray(0, frame.length - 3), input.length)).toThrow(CompressionFormatError);
    expect(() => decompressor.decompress(seededBytes(100, 7), 100)).toThrow(CompressionFormatError);
    expect(() => decompressor.decompress(frame, input.length - 1)).toThrow(CompressionFormatError);
    expect(() => decompressor.decompress(frame, input.length + 1)).toThrow(CompressionFormatError);
  });
});
