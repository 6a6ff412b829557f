import { ShardSpecError } from './shard-spec-error.js';

/** Shard `index` of `count`, counted from 0: 0 ≤ index < count. */
export type ShardSpec = { index: number; count: number };

const pattern = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

/**
 * Reads a shard written as `index/count`, counted from 0 (`0/8` … `7/8`), as Kubernetes indexed jobs
 * number their pods; a Slurm array started at 1 passes `$((SLURM_ARRAY_TASK_ID - 1))/N`. Throws a
 * `ShardSpecError` saying what is wrong otherwise.
 */
export function parseShardSpec(spec: string): ShardSpec {
  const match = typeof spec === 'string' ? pattern.exec(spec) : null;
  if (match === null) {
    throw new ShardSpecError({ spec: String(spec), message: 'is not of the form index/count with whole numbers' });
  }
  return checkShardSpec({ index: Number(match[1]), count: Number(match[2]) }, String(spec));
}

/** Throws a `ShardSpecError` unless `count` is at least 1 and `index` is in 0 … count − 1. */
export function checkShardSpec(shard: ShardSpec, spec = `${shard.index}/${shard.count}`): ShardSpec {
  const { index, count } = shard;
  if (!Number.isSafeInteger(count) || count < 1 || count > 0xffffffff) {
    throw new ShardSpecError({ spec, message: 'the count must be a whole number from 1 to 4294967295' });
  }
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new ShardSpecError({ spec, message: `the index must be from 0 to ${count - 1} (shards are counted from 0)` });
  }
  return { index, count };
}

/** `index/count`, the way `parseShardSpec` reads it back. */
export function formatShardSpec(shard: ShardSpec): string {
  return `${shard.index}/${shard.count}`;
}
