/**
 * Decodes `count` values of Parquet's RLE / bit-packing hybrid from bytes[start, end) into `out` (levels
 * or dictionary indices). Throws when the data runs out before `count` values.
 */
export function decodeHybrid(bytes: Uint8Array, start: number, end: number, bitWidth: number, count: number, out: Uint8Array | Int32Array): void {
  let at = start;
  let written = 0;
  if (bitWidth > 24) throw new RangeError(`bit width ${bitWidth} is not supported`);
  const byteWidth = (bitWidth + 7) >> 3;
  const mask = (1 << bitWidth) - 1;
  while (written < count) {
    if (at >= end) throw new RangeError('level or index data ends early');
    let header = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++]!;
      header += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
      if (at >= end) throw new RangeError('level or index data ends early');
    }
    if (header % 2 === 0) {
      const run = header / 2;
      let value = 0;
      for (let byte = 0; byte < byteWidth; byte++) value |= bytes[at++]! << (byte * 8);
      const stop = Math.min(count, written + run);
      out.fill(value, written, stop);
      written = stop;
    } else {
      const groups = (header - 1) / 2;
      const runEnd = at + groups * bitWidth;
      if (runEnd > end) throw new RangeError('level or index data ends early');
      const take = Math.min(groups * 8, count - written);
      let accumulator = 0;
      let bits = 0;
      for (let i = 0; i < take; i++) {
        while (bits < bitWidth) {
          accumulator |= bytes[at++]! << bits;
          bits += 8;
        }
        out[written++] = accumulator & mask;
        accumulator >>>= bitWidth;
        bits -= bitWidth;
      }
      // The rest of the last group is padding.
      at = runEnd;
    }
  }
}

export function bitWidthOf(maxLevel: number): number {
  return maxLevel === 0 ? 0 : 32 - Math.clz32(maxLevel);
}
