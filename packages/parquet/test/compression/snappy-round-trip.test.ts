import fc from 'fast-check';
import { snappyUncompress } from 'hyparquet';
import * as snappyjs from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { compressSnappy, createSnappyCompressor, snappyMaxCompressedLength } from '../../src/compression/snappy-compress.js';
import { decompressSnappy } from '../../src/compression/snappy-decompress.js';
import { compressibleBytes, sameBytes } from './sample-data.js';

function decompressWithHyparquet(block: Uint8Array, length: number): Uint8Array {
  const output = new Uint8Array(length);
  snappyUncompress(block, output);
  return output;
}

describe('snappy round trips', () => {
  const compressor = createSnappyCompressor();

  it('restores every input through its own decompressor', () => {
    fc.assert(
      fc.property(compressibleBytes, (input) => {
        const block = compressor.compress(input);
        expect(block.length).toBeLessThanOrEqual(snappyMaxCompressedLength(input.length));
        expect(sameBytes(decompressSnappy(block), input)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is read back by independent decompressors (hyparquet and snappyjs)', () => {
    fc.assert(
      fc.property(compressibleBytes, (input) => {
        const block = compressor.compress(input);
        expect(sameBytes(decompressWithHyparquet(block, input.length), input)).toBe(true);
        expect(sameBytes(snappyjs.uncompress(block), input)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('reads what snappyjs compresses', () => {
    fc.assert(
      fc.property(compressibleBytes, (input) => {
        expect(sameBytes(decompressSnappy(snappyjs.compress(input)), input)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('writes the same bytes whatever it compressed before', () => {
    fc.assert(
      fc.property(compressibleBytes, compressibleBytes, (earlier, input) => {
        const fresh = createSnappyCompressor().compress(input);
        compressor.compress(earlier);
        expect(sameBytes(compressor.compress(input), fresh)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('compresses into a caller buffer at an offset, leaving the bytes around it alone', () => {
    fc.assert(
      fc.property(compressibleBytes, fc.integer({ min: 0, max: 50 }), (input, offset) => {
        const output = new Uint8Array(offset + snappyMaxCompressedLength(input.length) + 8).fill(0xaa);
        const end = compressor.compressInto(input, output, offset);
        expect(output.subarray(0, offset).every((byte) => byte === 0xaa)).toBe(true);
        expect(output.subarray(end).every((byte) => byte === 0xaa)).toBe(true);
        expect(sameBytes(output.subarray(offset, end), compressSnappy(input))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
