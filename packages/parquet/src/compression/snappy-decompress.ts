/**
 * Snappy raw (block) format decompressor. Every length and offset is checked before use, so corrupt or
 * truncated input ends in a CompressionFormatError, never an out-of-bounds read or an endless loop: each
 * element consumes at least one input byte.
 */
import { CompressionFormatError } from './compression-format-error.js';

/** A 2-byte-offset copy turns 3 input bytes into at most 64 output bytes, the format's best ratio. */
const maximumExpansionNumerator = 64;
const maximumExpansionDenominator = 3;
/** Copies at least this long use copyWithin; shorter ones are cheaper byte by byte. */
const bulkCopyLength = 32;

interface Preamble {
  uncompressedLength: number;
  bodyStart: number;
}

function readPreamble(input: Uint8Array): Preamble {
  let value = 0;
  let scale = 1;
  for (let index = 0; index < 5; index++) {
    if (index >= input.length) throw new CompressionFormatError('snappy input ends inside its length preamble');
    const byte = input[index]!;
    // The fifth byte may only hold the top 4 bits of a 32-bit length.
    if (index === 4 && byte > 0x0f) throw new CompressionFormatError('snappy length preamble is over 2^32 - 1');
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { uncompressedLength: value, bodyStart: index + 1 };
    scale *= 128;
  }
  throw new CompressionFormatError('snappy length preamble is over 2^32 - 1');
}

/** The uncompressed length a snappy block declares in its preamble. */
export function snappyUncompressedLength(input: Uint8Array): number {
  return readPreamble(input).uncompressedLength;
}

/**
 * Decompresses a snappy block. With `output` the bytes land there (it must be at least the declared length)
 * and the returned array is its prefix of the declared length; without it a new array is allocated.
 */
export function decompressSnappy(input: Uint8Array, output?: Uint8Array): Uint8Array {
  const { uncompressedLength, bodyStart } = readPreamble(input);
  const inputLength = input.length;
  // Refuse impossible lengths before allocating, so a corrupt preamble cannot ask for gigabytes.
  const bodyLength = inputLength - bodyStart;
  if (uncompressedLength > Math.floor((bodyLength * maximumExpansionNumerator) / maximumExpansionDenominator)) {
    throw new CompressionFormatError(
      `snappy block declares ${uncompressedLength} bytes, more than ${bodyLength} compressed bytes can hold`,
    );
  }
  if (output !== undefined && output.length < uncompressedLength) {
    throw new RangeError(`snappy output has ${output.length} bytes, the block declares ${uncompressedLength}`);
  }
  const target = output ?? new Uint8Array(uncompressedLength);

  let ip = bodyStart;
  let op = 0;
  while (ip < inputLength) {
    const tag = input[ip++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let length = (tag >>> 2) + 1;
      if (length > 60) {
        const lengthBytes = length - 60;
        if (lengthBytes > inputLength - ip) throw new CompressionFormatError('snappy input ends inside a literal length');
        let value = 0;
        let scale = 1;
        for (let index = 0; index < lengthBytes; index++) {
          value += input[ip + index]! * scale;
          scale *= 256;
        }
        ip += lengthBytes;
        length = value + 1;
      }
      if (length > inputLength - ip) throw new CompressionFormatError('snappy input ends inside a literal');
      if (length > uncompressedLength - op) throw new CompressionFormatError('snappy literal runs past the declared length');
      if (length < bulkCopyLength) {
        for (let index = 0; index < length; index++) target[op + index] = input[ip + index]!;
      } else {
        target.set(input.subarray(ip, ip + length), op);
      }
      ip += length;
      op += length;
      continue;
    }

    let length: number;
    let distance: number;
    if (kind === 1) {
      if (ip >= inputLength) throw new CompressionFormatError('snappy input ends inside a copy');
      length = ((tag >>> 2) & 7) + 4;
      distance = ((tag >>> 5) << 8) | input[ip]!;
      ip += 1;
    } else if (kind === 2) {
      if (ip + 2 > inputLength) throw new CompressionFormatError('snappy input ends inside a copy');
      length = (tag >>> 2) + 1;
      distance = input[ip]! | (input[ip + 1]! << 8);
      ip += 2;
    } else {
      if (ip + 4 > inputLength) throw new CompressionFormatError('snappy input ends inside a copy');
      length = (tag >>> 2) + 1;
      // Multiplication keeps offsets of 2^31 and more positive.
      distance = input[ip]! + input[ip + 1]! * 0x100 + input[ip + 2]! * 0x1_0000 + input[ip + 3]! * 0x100_0000;
      ip += 4;
    }
    if (distance === 0) throw new CompressionFormatError('snappy copy has offset 0');
    if (distance > op) throw new CompressionFormatError('snappy copy reaches before the start of the output');
    if (length > uncompressedLength - op) throw new CompressionFormatError('snappy copy runs past the declared length');
    let from = op - distance;
    if (distance >= length && length >= bulkCopyLength) {
      target.copyWithin(op, from, from + length);
      op += length;
    } else {
      // Overlapping copies repeat the bytes just written, so they must go one byte at a time.
      const end = op + length;
      while (op < end) target[op++] = target[from++]!;
    }
  }
  if (op !== uncompressedLength) {
    throw new CompressionFormatError(`snappy block ends after ${op} of its declared ${uncompressedLength} bytes`);
  }
  return output === undefined ? target : target.subarray(0, uncompressedLength);
}
