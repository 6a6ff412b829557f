/** Deterministic inputs shaped like dataset pages, and fast-check arbitraries that mix text with noise. */
import fc from 'fast-check';

const words = [
  'user', 'assistant', 'human', 'gpt', '{"from": "human", "value": "', '"}, ', '<image>\\n', 'What is ', 'the ',
  'image', ' shows', ' a ', 'dog', 'cat', 'coco/train2017/000000', '.jpg', '\u00e9t\u00e9 ', '\u56fe\u7247', ' ',
];

/** Byte equality without vitest's element-by-element diffing, which takes seconds on large arrays. */
export function sameBytes(actual: Uint8Array, expected: Uint8Array): boolean {
  if (actual.length !== expected.length) return false;
  for (let index = 0; index < actual.length; index++) if (actual[index] !== expected[index]) return false;
  return true;
}

/** A small xorshift generator, so large inputs are the same on every run without storing them. */
export function seededBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

/** Text built from a small vocabulary with seeded noise: compresses like conversation columns do. */
export function seededText(length: number, seed = 1): Uint8Array {
  const encoder = new TextEncoder();
  const noise = seededBytes(length, seed);
  const output = new Uint8Array(length);
  let position = 0;
  let index = 0;
  while (position < length) {
    const word = encoder.encode(words[noise[index++ % length]! % words.length]!);
    const take = Math.min(word.length, length - position);
    output.set(word.subarray(0, take), position);
    position += take;
    // Now and then a number, as record ids and image paths carry.
    if (noise[index % length]! < 40 && position < length) output[position++] = 0x30 + (noise[(index * 7) % length]! % 10);
  }
  return output;
}

const textPiece = fc.constantFrom(...words).map((word) => new TextEncoder().encode(word));
const noisePiece = fc.uint8Array({ minLength: 1, maxLength: 40 });
const runPiece = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 300 }))
  .map(([byte, length]) => new Uint8Array(length).fill(byte));

function concatenate(pieces: Uint8Array[]): Uint8Array {
  const output = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    output.set(piece, offset);
    offset += piece.length;
  }
  return output;
}

/** Random bytes, dataset-like text, runs and their mixtures, up to about 100 KB so blocks past 64 KiB occur. */
export const compressibleBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc.array(fc.oneof({ weight: 6, arbitrary: textPiece }, { weight: 1, arbitrary: noisePiece }, { weight: 1, arbitrary: runPiece }), { maxLength: 400 }).map(concatenate),
  fc.array(fc.oneof({ weight: 10, arbitrary: textPiece }, { weight: 1, arbitrary: noisePiece }), { minLength: 5000, maxLength: 12_000 }).map(concatenate),
);
