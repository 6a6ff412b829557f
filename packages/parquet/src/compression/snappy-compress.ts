/**
 * Snappy raw (block) format compressor, the variant Parquet pages use: a varint of the uncompressed length,
 * then literal and copy elements. Pure TypeScript over Uint8Array so it runs in browsers as well as Node.
 *
 * The match finder hashes 4-byte words into a table of recent positions, verifies each candidate, and widens
 * its stride after repeated misses so incompressible input is skimmed instead of probed byte by byte.
 */

/** Largest table: 2^15 four-byte slots (128 KiB) stays in the L2 cache; larger tables gained almost no ratio. */
const maximumHashBits = 15;
/** Small inputs get a small table so clearing it costs little. */
const minimumHashBits = 8;
const hashMultiplier = 0x1e35a7bd;
/** Copies stay within the 2-byte offset form, like the reference compressor, so every reader handles them. */
const maximumOffset = 65_535;
/** Below this size a search cannot pay for itself; the input is stored as one literal. */
const minimumSearchedLength = 16;
/** Literals up to this length are copied byte by byte; a subarray plus set() costs more for them. */
const shortLiteralLength = 32;
/** The preamble holds the uncompressed length as a 32-bit varint. */
const maximumInputLength = 0xffff_ffff;

const literalTag = 0;
const copyOneByteOffsetTag = 1;
const copyTwoByteOffsetTag = 2;

/** Worst-case output size for an input of `inputLength` bytes (the reference compressor's bound). */
export function snappyMaxCompressedLength(inputLength: number): number {
  return 32 + inputLength + Math.floor(inputLength / 6);
}

export interface SnappyCompressor {
  /** Compresses into a new array of exactly the compressed size. */
  compress(input: Uint8Array): Uint8Array;
  /**
   * Compresses into `output` starting at `outputOffset` and returns the offset just past the last byte written.
   * `output` must have room for `snappyMaxCompressedLength(input.length)` bytes from `outputOffset`.
   */
  compressInto(input: Uint8Array, output: Uint8Array, outputOffset?: number): number;
}

/**
 * Creates a compressor that keeps its hash table and scratch output between calls, so compressing page after
 * page allocates only the returned arrays. The scratch grows to the bound of the largest input and stays.
 * Not reentrant, but calls are synchronous so one per thread is enough.
 */
export function createSnappyCompressor(): SnappyCompressor {
  const table = new Int32Array(1 << maximumHashBits);
  let scratch = new Uint8Array(0);

  const compressInto = (input: Uint8Array, output: Uint8Array, outputOffset = 0): number => {
    const inputLength = input.length;
    if (inputLength > maximumInputLength) {
      throw new RangeError(`snappy input of ${inputLength} bytes is over the format's limit of ${maximumInputLength}`);
    }
    if (!Number.isInteger(outputOffset) || outputOffset < 0) {
      throw new RangeError(`output offset ${outputOffset} is not a non-negative integer`);
    }
    const needed = snappyMaxCompressedLength(inputLength);
    if (output.length - outputOffset < needed) {
      throw new RangeError(`snappy output needs ${needed} bytes from offset ${outputOffset}, has ${output.length - outputOffset}`);
    }
    const bodyStart = writeVarint(output, outputOffset, inputLength);
    if (inputLength < minimumSearchedLength) {
      return inputLength === 0 ? bodyStart : emitLiteral(input, 0, inputLength, output, bodyStart);
    }
    return compressBody(input, output, bodyStart, table);
  };

  const compress = (input: Uint8Array): Uint8Array => {
    const needed = snappyMaxCompressedLength(input.length);
    if (scratch.length < needed) scratch = new Uint8Array(needed);
    const end = compressInto(input, scratch, 0);
    return scratch.slice(0, end);
  };

  return { compress, compressInto };
}

let sharedCompressor: SnappyCompressor | undefined;

/** One-off compression through a lazily created module-wide compressor. */
export function compressSnappy(input: Uint8Array): Uint8Array {
  sharedCompressor ??= createSnappyCompressor();
  return sharedCompressor.compress(input);
}

function writeVarint(output: Uint8Array, offset: number, value: number): number {
  let position = offset;
  let rest = value;
  while (rest >= 0x80) {
    output[position++] = (rest & 0x7f) | 0x80;
    // Division, not a shift: lengths up to 2^32 - 1 do not fit a signed 32-bit shift.
    rest = Math.floor(rest / 128);
  }
  output[position++] = rest;
  return position;
}

function compressBody(input: Uint8Array, output: Uint8Array, outputStart: number, table: Int32Array): number {
  const inputLength = input.length;
  const view = new DataView(input.buffer, input.byteOffset, inputLength);

  // Size the table to the input and clear only that part: a fresh table makes the output depend on the input alone.
  let hashBits = minimumHashBits;
  while (hashBits < maximumHashBits && 1 << hashBits < inputLength) hashBits++;
  const hashShift = 32 - hashBits;
  table.fill(0, 0, 1 << hashBits);

  /** Last position a 4-byte word can be read from. */
  const lastWordStart = inputLength - 4;
  let op = outputStart;
  let literalStart = 0;
  let position = 0;

  search: for (;;) {
    // Probe until a verified 4-byte match within range; every 32 misses lengthen the stride by one byte.
    let skip = 32;
    let candidate = 0;
    for (;;) {
      if (position > lastWordStart) break search;
      const word = view.getInt32(position, true);
      const slot = Math.imul(word, hashMultiplier) >>> hashShift;
      candidate = table[slot]!;
      table[slot] = position;
      // Unsigned compare accepts offsets 1..65535 only: a candidate at `position` itself wraps to a huge value.
      if ((position - candidate - 1) >>> 0 < maximumOffset && view.getInt32(candidate, true) === word) break;
      position += skip >> 5;
      skip++;
    }

    // The widening stride can land inside a repeat; walk back to where it really starts.
    while (position > literalStart && candidate > 0 && input[position - 1] === input[candidate - 1]) {
      position--;
      candidate--;
    }
    if (position > literalStart) op = emitLiteral(input, literalStart, position, output, op);

    const matchEnd = extendMatch(input, view, position + 4, candidate + 4);
    op = emitCopy(output, op, position - candidate, matchEnd - position);
    position = matchEnd;
    literalStart = matchEnd;

    // Remember a position inside the copy so a repeat of its tail is found too.
    if (matchEnd - 2 <= lastWordStart) {
      const word = view.getInt32(matchEnd - 2, true);
      table[Math.imul(word, hashMultiplier) >>> hashShift] = matchEnd - 2;
    }
  }

  return emitTrailingLiteral(input, literalStart, output, op);
}

/**
 * Kept out of compressBody on purpose: a call there that only some inputs reach was compiled without type
 * feedback and threw the whole optimised loop away on those inputs, page after page.
 */
function emitTrailingLiteral(input: Uint8Array, start: number, output: Uint8Array, outputPosition: number): number {
  return start < input.length ? emitLiteral(input, start, input.length, output, outputPosition) : outputPosition;
}

/** Returns the end of the match whose first differing byte is searched from `position` against `reference`. */
function extendMatch(input: Uint8Array, view: DataView, position: number, reference: number): number {
  const inputLength = input.length;
  let current = position;
  let earlier = reference;
  // Compare four bytes at a time; the lowest set bit of the difference marks the first unequal byte.
  while (current + 4 <= inputLength) {
    const difference = view.getInt32(current, true) ^ view.getInt32(earlier, true);
    if (difference !== 0) return current + ((31 - Math.clz32(difference & -difference)) >> 3);
    current += 4;
    earlier += 4;
  }
  while (current < inputLength && input[current] === input[earlier]) {
    current++;
    earlier++;
  }
  return current;
}

function emitLiteral(input: Uint8Array, start: number, end: number, output: Uint8Array, outputPosition: number): number {
  const length = end - start;
  const lengthMinusOne = length - 1;
  let op = outputPosition;
  if (lengthMinusOne < 60) {
    output[op++] = (lengthMinusOne << 2) | literalTag;
  } else if (lengthMinusOne < 0x100) {
    output[op++] = (60 << 2) | literalTag;
    output[op++] = lengthMinusOne;
  } else if (lengthMinusOne < 0x1_0000) {
    output[op++] = (61 << 2) | literalTag;
    output[op++] = lengthMinusOne & 0xff;
    output[op++] = lengthMinusOne >>> 8;
  } else if (lengthMinusOne < 0x100_0000) {
    output[op++] = (62 << 2) | literalTag;
    output[op++] = lengthMinusOne & 0xff;
    output[op++] = (lengthMinusOne >>> 8) & 0xff;
    output[op++] = lengthMinusOne >>> 16;
  } else {
    output[op++] = (63 << 2) | literalTag;
    output[op++] = lengthMinusOne & 0xff;
    output[op++] = (lengthMinusOne >>> 8) & 0xff;
    output[op++] = (lengthMinusOne >>> 16) & 0xff;
    output[op++] = lengthMinusOne >>> 24;
  }
  if (length <= shortLiteralLength) {
    for (let index = start; index < end; index++) output[op++] = input[index]!;
    return op;
  }
  output.set(input.subarray(start, end), op);
  return op + length;
}

/** Writes a copy of `length` (at least 4) bytes from `distance` (1..65535) bytes back. */
function emitCopy(output: Uint8Array, outputPosition: number, distance: number, length: number): number {
  let op = outputPosition;
  let remaining = length;
  const low = distance & 0xff;
  const high = distance >>> 8;
  // 64-byte pieces, keeping the last piece at 4 bytes or more so it may still use the short form.
  while (remaining >= 68) {
    output[op++] = (63 << 2) | copyTwoByteOffsetTag;
    output[op++] = low;
    output[op++] = high;
    remaining -= 64;
  }
  if (remaining > 64) {
    output[op++] = (59 << 2) | copyTwoByteOffsetTag;
    output[op++] = low;
    output[op++] = high;
    remaining -= 60;
  }
  if (remaining < 12 && distance < 2048) {
    output[op++] = (high << 5) | ((remaining - 4) << 2) | copyOneByteOffsetTag;
    output[op++] = low;
    return op;
  }
  output[op++] = ((remaining - 1) << 2) | copyTwoByteOffsetTag;
  output[op++] = low;
  output[op++] = high;
  return op;
}
