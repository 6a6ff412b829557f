import { snappyUncompress } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { compressSnappy, createSnappyCompressor, snappyMaxCompressedLength } from '../../src/compression/snappy-compress.js';
import { decompressSnappy, snappyUncompressedLength } from '../../src/compression/snappy-decompress.js';
import { listSnappyElements } from './snappy-elements.js';
import { sameBytes, seededBytes, seededText } from './sample-data.js';

function roundTrip(input: Uint8Array): Uint8Array {
  const block = compressSnappy(input);
  expect(block.length).toBeLessThanOrEqual(snappyMaxCompressedLength(input.length));
  expect(snappyUncompressedLength(block)).toBe(input.length);
  expect(sameBytes(decompressSnappy(block), input)).toBe(true);
  const independent = new Uint8Array(input.length);
  snappyUncompress(block, independent);
  expect(sameBytes(independent, input)).toBe(true);
  return block;
}

describe('snappy edge cases', () => {
  it('encodes the empty input as a lone zero length', () => {
    expect(roundTrip(new Uint8Array(0))).toEqual(new Uint8Array([0]));
  });

  it('stores one byte as a one-byte literal', () => {
    expect(roundTrip(new Uint8Array([0x41]))).toEqual(new Uint8Array([1, 0, 0x41]));
  });

  it('handles every short length around the point where searching starts', () => {
    for (let length = 0; length <= 40; length++) {
      roundTrip(seededText(length, length + 1));
      roundTrip(new Uint8Array(length).fill(7));
    }
  });

  it('keeps incompressible bytes within a few bytes of their size', () => {
    const input = seededBytes(1 << 20, 3);
    const block = roundTrip(input);
    expect(block.length).toBeLessThan(input.length + 64);
  });

  it('stores a literal over 16 MiB with a 4-byte length', () => {
    const input = seededBytes((16 << 20) + 12_345, 5);
    const block = roundTrip(input);
    const elements = listSnappyElements(block);
    expect(elements.some((element) => element.kind === 'literal' && element.lengthBytes === 4)).toBe(true);
  });

  it('turns a long run into copies of 64 bytes', () => {
    const input = new Uint8Array(1 << 20).fill(0x20);
    const block = roundTrip(input);
    expect(block.length).toBeLessThan(input.length / 20);
    const elements = listSnappyElements(block);
    expect(elements[0]).toEqual({ kind: 'literal', length: 1, lengthBytes: 0 });
    expect(elements.slice(1).every((element) => element.kind === 'copy' && element.offset === 1)).toBe(true);
  });

  it('compresses text over 64 KiB and over 16 MiB', () => {
    const small = roundTrip(seededText(200_000, 11));
    expect(small.length).toBeLessThan(200_000 / 2);
    const large = seededText((16 << 20) + 777, 12);
    const block = roundTrip(large);
    expect(block.length).toBeLessThan(large.length / 2);
  });

  it('copies from exactly 65535 bytes back but never further', () => {
    const pattern = seededBytes(64, 21);
    for (const distance of [65_535, 65_536, 70_000]) {
      const input = seededBytes(distance + 64, 22);
      input.set(pattern, 0);
      input.set(pattern, distance);
      const elements = listSnappyElements(roundTrip(input));
      const offsets = elements.flatMap((element) => (element.kind === 'copy' ? [element.offset] : []));
      if (distance === 65_535) expect(offsets).toContain(65_535);
      expect(offsets.every((offset) => offset >= 1 && offset <= 65_535)).toBe(true);
    }
  });

  it('uses the short copy form up to offset 2047 and the 2-byte form from 2048', () => {
    const pattern = seededBytes(8, 31);
    for (const [distance, offsetBytes] of [
      [2047, 1],
      [2048, 2],
    ] as const) {
      // Zeros between the two copies of the pattern: one run copy covers them, so the search stands exactly
      // at the second pattern next (random filler would let the widening stride hop over it).
      const input = new Uint8Array(distance + 8);
      input.set(pattern, 0);
      input.set(pattern, distance);
      const copies = listSnappyElements(roundTrip(input)).filter((element) => element.kind === 'copy' && element.offset === distance);
      expect(copies).toEqual([{ kind: 'copy', length: 8, offset: distance, offsetBytes }]);
    }
  });

  it('splits long matches into pieces the format can hold, keeping the last at 4 bytes or more', () => {
    for (let length = 60; length <= 140; length++) {
      const pattern = seededBytes(length, length);
      const input = new Uint8Array(3000 + length);
      input.set(seededBytes(3000, 1));
      input.set(pattern, 0);
      input.set(pattern, 3000);
      const copies = listSnappyElements(roundTrip(input)).filter((element) => element.kind === 'copy');
      expect(copies.reduce((sum, copy) => sum + copy.length, 0)).toBe(length);
      expect(copies.every((copy) => copy.length >= 4 && copy.length <= 64)).toBe(true);
    }
  });

  it('refuses an output buffer that may be too small, and a bad offset', () => {
    const compressor = createSnappyCompressor();
    const input = seededText(1000);
    expect(() => compressor.compressInto(input, new Uint8Array(snappyMaxCompressedLength(1000) - 1))).toThrow(RangeError);
    expect(() => compressor.compressInto(input, new Uint8Array(5000), -1)).toThrow(RangeError);
    expect(() => compressor.compressInto(input, new Uint8Array(5000), 1.5)).toThrow(RangeError);
  });

  it('compresses subarrays of a larger buffer by their own bytes only', () => {
    const backing = seededText(10_000, 41);
    const view = backing.subarray(1234, 6789);
    expect(sameBytes(decompressSnappy(compressSnappy(view)), view)).toBe(true);
  });

  it('goes back to small inputs after a large one', () => {
    const compressor = createSnappyCompressor();
    compressor.compress(seededText(300_000, 51));
    const input = seededText(100, 52);
    expect(sameBytes(compressor.compress(input), createSnappyCompressor().compress(input))).toBe(true);
    expect(sameBytes(decompressSnappy(compressor.compress(input)), input)).toBe(true);
  });
});
