import { hash64Fraction, hashString64 } from '../operators/hash-string-64.js';
import { PipelineOptionError, describeValue } from '../operators/pipeline-option-error.js';

/**
 * The shard (0 … count − 1) of a record known by a string (a sample id, an image path): FNV-1a 64 of the
 * key, its high 32 bits scaled to the count. Stable across runs and machines, like `shardOfCocoId`.
 */
export function shardOfKey(key: string, count: number): number {
  if (!(Number.isSafeInteger(count) && count >= 1 && count <= 0xffffffff)) {
    throw new PipelineOptionError({ operator: 'shardOfKey', option: 'count', message: `must be a whole number from 1 to 4294967295 (got ${describeValue(count)})`, fix: 'pass the number of shards' });
  }
  return Math.floor(hash64Fraction(hashString64(key)) * count);
}
