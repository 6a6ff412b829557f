import { PipelineOptionError, describeValue } from '../operators/pipeline-option-error.js';
import { mix32 } from '../operators/create-random.js';

const TWO_TO_32 = 4294967296;

/**
 * The shard (0 … count − 1) that owns a COCO image. The id is hashed first (an avalanche integer hash),
 * not taken modulo the count, so ids that follow a pattern (all even, all multiples of the count) still
 * spread evenly. n workers each keeping the images where `shardOfCocoId(id, n) === index` hold disjoint
 * sets that together are every image, with no coordinator. Stable across runs, machines and versions.
 */
export function shardOfCocoId(cocoId: number, count: number): number {
  if (!(Number.isSafeInteger(cocoId) && cocoId >= 0)) {
    throw new PipelineOptionError({ operator: 'shardOfCocoId', option: 'cocoId', message: `must be a whole number ≥ 0 (got ${describeValue(cocoId)})`, fix: 'pass the image\'s COCO id' });
  }
  if (!(Number.isSafeInteger(count) && count >= 1 && count < TWO_TO_32)) {
    throw new PipelineOptionError({ operator: 'shardOfCocoId', option: 'count', message: `must be a whole number from 1 to 4294967295 (got ${describeValue(count)})`, fix: 'pass the number of shards' });
  }
  let value = cocoId >>> 0;
  // Ids past 32 bits fold their high part in; below that the hash is of the id alone.
  if (cocoId >= TWO_TO_32) value = (value ^ mix32(Math.floor(cocoId / TWO_TO_32))) >>> 0;
  let hash = Math.imul(value ^ (value >>> 16), 0x45d9f3b);
  hash = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
  hash ^= hash >>> 16;
  return (hash >>> 0) % count;
}
