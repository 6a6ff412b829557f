import fc from 'fast-check';
import type { RawRecord, RecordSplitter } from '../../src/node/raw-record.js';

/** Feeds `bytes` to a splitter in chunks of the given sizes (repeated as needed) and collects every record. */
export function splitInChunks(splitter: RecordSplitter, bytes: Buffer, chunkSizes: readonly number[]): RawRecord[] {
  const out: RawRecord[] = [];
  let at = 0;
  let turn = 0;
  while (at < bytes.length) {
    const size = chunkSizes[turn++ % chunkSizes.length]!;
    // A copy, so a splitter that kept a view of an earlier chunk would not see this one's bytes by accident.
    splitter.push(Buffer.from(bytes.subarray(at, at + size)), out);
    at += size;
  }
  splitter.end(out);
  return out;
}

/** Characters that stress a byte-level splitter: quotes, backslashes, brackets, multi-byte UTF-8. */
const trickyCharacter = fc.constantFrom('"', '\\', '\\\\', '\\"', '[', ']', '{', '}', ',', ':', '\n', '\r', '\t', 'é', '€', '😀', '\u2028', '\u0000', ' ');
const stringUnit = fc.oneof(trickyCharacter, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }));

export const jsonElement = fc.jsonValue({ maxDepth: 3, stringUnit });

export const whitespace = fc.array(fc.constantFrom(' ', '\t', '\n', '\r'), { maxLength: 4 }).map((parts) => parts.join(''));

/** Chunk sizes biased to small ones, so escapes and multi-byte characters land on chunk boundaries. */
export const chunkSizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 200 })), { minLength: 1, maxLength: 12 });
