/** Lists the elements of a well-formed snappy block, so tests can check which forms the compressor chose. */
export type SnappyElement =
  | { kind: 'literal'; length: number; lengthBytes: number }
  | { kind: 'copy'; length: number; offset: number; offsetBytes: 1 | 2 | 4 };

export function listSnappyElements(block: Uint8Array): SnappyElement[] {
  let position = 0;
  while (block[position]! >= 0x80) position++;
  position++;
  const elements: SnappyElement[] = [];
  while (position < block.length) {
    const tag = block[position++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let length = (tag >>> 2) + 1;
      let lengthBytes = 0;
      if (length > 60) {
        lengthBytes = length - 60;
        length = 1;
        for (let index = 0; index < lengthBytes; index++) length += block[position + index]! * 256 ** index;
        position += lengthBytes;
      }
      elements.push({ kind: 'literal', length, lengthBytes });
      position += length;
    } else if (kind === 1) {
      elements.push({ kind: 'copy', length: ((tag >>> 2) & 7) + 4, offset: ((tag >>> 5) << 8) | block[position]!, offsetBytes: 1 });
      position += 1;
    } else if (kind === 2) {
      elements.push({ kind: 'copy', length: (tag >>> 2) + 1, offset: block[position]! | (block[position + 1]! << 8), offsetBytes: 2 });
      position += 2;
    } else {
      const offset = block[position]! + block[position + 1]! * 0x100 + block[position + 2]! * 0x1_0000 + block[position + 3]! * 0x100_0000;
      elements.push({ kind: 'copy', length: (tag >>> 2) + 1, offset, offsetBytes: 4 });
      position += 4;
    }
  }
  return elements;
}
