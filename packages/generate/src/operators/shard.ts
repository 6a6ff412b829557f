import type { Sample } from '@vift/schema';
import { checkShardSpec, type ShardSpec } from '../shard/shard-spec.js';
import { shardOfCocoId } from '../shard/shard-of-coco-id.js';
import { shardOfKey } from '../shard/shard-of-key.js';
import type { Operator, AnyIterable } from './operator.js';
import { PipelineOptionError, describeValue } from './pipeline-option-error.js';
import { sampleImageKey } from './sample-keys.js';

/**
 * What places a sample in a shard:
 * - `image` (default): its first image's COCO id through `shardOfCocoId`, the same partition as a
 *   sharded build, so every dialog on an image lands in one shard; an image without a COCO id goes by
 *   its path, a sample without images by its id (through `shardOfKey`);
 * - `id`: the sample id, through `shardOfKey`;
 * - `position`: the item's place in the stream, round robin; needs every worker to read the same stream
 *   in the same order.
 */
export type SampleShardKey = 'image' | 'id' | 'position';

/**
 * A key function's result: a whole number ≥ 0 is taken as a COCO id (`shardOfCocoId`), anything else as a
 * string (`shardOfKey`).
 */
export type ShardKey<T> = (item: T) => string | number;

/**
 * Keeps the items of one shard of a stream: `count` workers running the same pipeline with `index`
 * 0 … count − 1 get disjoint streams that together hold every item.
 */
export function shard(options: ShardSpec & { by?: SampleShardKey }): Operator<Sample, Sample>;
export function shard<T>(options: ShardSpec & { by: 'position' | ShardKey<T> }): Operator<T, T>;
export function shard<T>(options: ShardSpec & { by?: SampleShardKey | ShardKey<T> }): Operator<T, T> {
  const { index, count } = checkShardSpec({ index: options.index, count: options.count });
  const by = options.by ?? 'image';
  if (by === 'position') {
    return async function* byPosition(source: AnyIterable<T>) {
      let position = 0;
      for await (const item of source) {
        if (position++ % count === index) yield item;
      }
    };
  }
  let shardOf: (item: T) => number;
  if (typeof by === 'function') {
    shardOf = (item) => {
      const key = by(item);
      return typeof key === 'number' && Number.isSafeInteger(key) && key >= 0 ? shardOfCocoId(key, count) : shardOfKey(String(key), count);
    };
  } else if (by === 'image') {
    shardOf = (item) => {
      const sample = item as Sample;
      const cocoId = sample.images[0]?.cocoId;
      return cocoId === undefined ? shardOfKey(sampleImageKey(sample), count) : shardOfCocoId(cocoId, count);
    };
  } else if (by === 'id') {
    shardOf = (item) => shardOfKey((item as Sample).id, count);
  } else {
    throw new PipelineOptionError({ operator: 'shard', option: 'by', message: `must be "image", "id", "position" or a function (got ${describeValue(by)})`, fix: 'pass one of those, or leave it out' });
  }
  return async function* byKey(source: AnyIterable<T>) {
    for await (const item of source) {
      if (shardOf(item) === index) yield item;
    }
  };
}
