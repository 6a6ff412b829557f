import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompressionFormatError } from '../../src/compression/compression-format-error.js';
import { compressSnappy } from '../../src/compression/snappy-compress.js';
import { decompressSnappy, snappyUncompressedLength } from '../../src/compression/snappy-decompress.js';
import { compressibleBytes, sameBytes, seededText } from './sample-data.js';

const block = (...bytes: number[]): Uint8Array => new Uint8Array(bytes);

describe('snappy decompressor', () => {
  it('decodes each element form, including 4-byte offsets', () => {
    // "abcd" then copies: 1-byte offset, 2-byte offset, 4-byte offset, and an overlapping run.
    const input = block(21, 3 << 2, 0x61, 0x62, 0x63, 0x64, 0x01, 4, (3 << 2) | 2, 8, 0, (3 << 2) | 3, 4, 0, 0, 0, (1 << 2) | 1, 1);
    expect(new TextDecoder().decode(decompressSnappy(input))).toBe('abcdabcdabcdabcdddddd');
  });

  it('decodes literal lengths stored in 1 to 4 extra bytes', () => {
    const text = seededText(250);
    for (const lengthBytes of [1, 2, 3, 4]) {
      // Preamble 250, then the literal tag and 249 stored in `lengthBytes` little-endian bytes.
      const header = [0xfa, 0x01, (59 + lengthBytes) << 2, 249, 0, 0, 0].slice(0, 3 + lengthBytes);
      const input = new Uint8Array([...header, ...text]);
      expect(sameBytes(decompressSnappy(input), text)).toBe(true);
    }
  });

  it('writes into a caller buffer and returns the declared prefix', () => {
    const text = seededText(5000);
    const output = new Uint8Array(6000);
    const restored = decompressSnappy(compressSnappy(text), output);
    expect(restored.buffer).toBe(output.buffer);
    expect(sameBytes(restored, text)).toBe(true);
    expect(() => decompressSnappy(compressSnappy(text), new Uint8Array(4999))).toThrow(RangeError);
  });

  it('rejects every truncation of a valid block', () => {
    fc.assert(
      fc.property(compressibleBytes.filter((input) => input.length > 0), (input) => {
        const whole = compressSnappy(input);
        for (let length = 0; length < whole.length; length += Math.max(1, Math.floor(whole.length / 200))) {
          expect(() => decompressSnappy(whole.subarray(0, length))).toThrow(CompressionFormatError);
        }
        expect(() => decompressSnappy(whole.subarray(0, whole.length - 1))).toThrow(CompressionFormatError);
      }),
      { numRuns: 100 },
    );
  });

  it('either rejects a corrupted block or returns exactly the declared length', () => {
    fc.assert(
      fc.property(
        compressibleBytes.filter((input) => input.length > 0),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        (input, flips) => {
          const corrupted = compressSnappy(input).slice();
          for (const [position, mask] of flips) corrupted[position % corrupted.length]! ^= mask;
          try {
            const restored = decompressSnappy(corrupted);
            expect(restored.length).toBe(snappyUncompressedLength(corrupted));
          } catch (error) {
            expect(error).toBeInstanceOf(CompressionFormatError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never fails on arbitrary bytes with anything but a format error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decompressSnappy(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(CompressionFormatError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['an empty input', block()],
    ['a preamble that never ends', block(0x80, 0x80)],
    ['a preamble over five bytes', block(0x80, 0x80, 0x80, 0x80, 0x80, 0x01)],
    ['a length over 2^32 - 1', block(0xff, 0xff, 0xff, 0xff, 0x1f, 0)],
    ['a length the body cannot hold', block(0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0x61)],
    ['a copy before any output', block(4, 0x01, 1)],
    ['a copy with offset 0', block(5, 0, 0x61, 0x01, 0)],
    ['a copy reaching before the start', block(6, 0, 0x61, 0x05, 2)],
    ['a 4-byte offset past the output', block(6, 0, 0x61, (3 << 2) | 3, 0, 0, 0, 0x80)],
    ['a literal past the declared length', block(1, 4, 0x61, 0x62)],
    ['a copy past the declared length', block(4, 0, 0x61, 0x01, 1)],
    ['a literal past the input', block(3, 8, 0x61)],
    ['a literal length past the input', block(70, 61 << 2, 5)],
    ['fewer bytes than declared', block(3, 0, 0x61)],
    ['a 2-byte copy cut short', block(9, 0, 0x61, 0x02, 1)],
    ['a 4-byte copy cut short', block(9, 0, 0x61, 0x03, 1, 0, 0)],
  ])('rejects %s', (_name, input) => {
    expect(() => decompressSnappy(input)).toThrow(CompressionFormatError);
  });
});
