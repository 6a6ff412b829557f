import { ByteBuffer } from './byte-buffer.js';

/** Bits needed for levels 0..maxLevel. */
export function bitWidthOf(maxLevel: number): number {
  return maxLevel === 0 ? 0 : 32 - Math.clz32(maxLevel);
}

/**
 * Encodes levels[start, end) with Parquet's RLE / bit-packing hybrid: runs of eight or more equal values as
 * RLE runs, everything between them bit-packed in groups of eight (padded only at the very end, where the
 * reader stops at the page's value count).
 */
export function encodeLevels(levels: Uint8Array, start: number, end: number, bitWidth: number, out: ByteBuffer): void {
  let pendingStart = start;
  let i = start;
  while (i < end) {
    const value = levels[i]!;
    let runEnd = i + 1;
    while (runEnd < end && levels[runEnd] === value) runEnd++;
    const run = runEnd - i;
    if (run < 8) {
      i = runEnd;
      continue;
    }
    // Bit-packed groups hold whole groups of eight: lend the run's first values to the pending group.
    const pending = i - pendingStart;
    const lend = (8 - (pending % 8)) % 8;
    if (run - lend < 8) {
      i = runEnd;
      continue;
    }
    i += lend;
    writeBitPacked(levels, pendingStart, i, bitWidth, out);
    writeRle(value, runEnd - i, bitWidth, out);
    i = runEnd;
    pendingStart = runEnd;
  }
  writeBitPacked(levels, pendingStart, end, bitWidth, out);
}

function writeRle(value: number, count: number, bitWidth: number, out: ByteBuffer): void {
  out.writeVarint(count * 2);
  for (let byte = 0; byte < Math.ceil(bitWidth / 8); byte++) out.writeByte((value >>> (byte * 8)) & 0xff);
}

function writeBitPacked(levels: Uint8Array, start: number, end: number, bitWidth: number, out: ByteBuffer): void {
  const count = end - start;
  if (count === 0) return;
  const groups = Math.ceil(count / 8);
  out.writeVarint(groups * 2 + 1);
  out.reserve(groups * bitWidth);
  let accumulator = 0;
  let bits = 0;
  for (let i = 0; i < groups * 8; i++) {
    const value = start + i < end ? levels[start + i]! : 0;
    accumulator |= value << bits;
    bits += bitWidth;
    while (bits >= 8) {
      out.writeByte(accumulator & 0xff);
      accumulator >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out.writeByte(accumulator & 0xff);
}
