import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Imports from the modules, not the package index, so these tests do not depend on the rest of the package.
import { PipelineOptionError } from '../src/operators/pipeline-option-error.js';
import { shardOfCocoId } from '../src/shard/shard-of-coco-id.js';
import { shardOfKey } from '../src/shard/shard-of-key.js';
import { checkShardSpec, formatShardSpec, parseShardSpec } from '../src/shard/shard-spec.js';
import { ShardSpecError } from '../src/shard/shard-spec-error.js';

describe('shardOfCocoId', () => {
  it('partitions any set of ids: disjoint shards that together are the whole (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.maxSafeNat(), { maxLength: 300 }), fc.integer({ min: 1, max: 64 }), (ids, count) => {
        const shards = Array.from({ length: count }, (_, index) => ids.filter((id) => shardOfCocoId(id, count) === index));
        const union = shards.flat();
        expect(union).toHaveLength(ids.length);
        expect(new Set(union)).toEqual(new Set(ids));
        for (const id of ids) {
          const owner = shardOfCocoId(id, count);
          expect(Number.isInteger(owner) && owner >= 0 && owner < count).toBe(true);
          expect(shards.filter((part) => part.includes(id))).toHaveLength(1);
        }
      }),
    );
  });

  it('spreads ids evenly, also ids that are all multiples of the shard count', () => {
    const count = 8;
    for (const stride of [1, 8, 1024]) {
      const sizes = new Array<number>(count).fill(0);
      for (let index = 0; index < 80_000; index++) sizes[shardOfCocoId(index * stride, count)]!++;
      for (const size of sizes) expect(Math.abs(size - 10_000), `stride ${stride}`).toBeLessThan(400);
    }
  });

  it('is stable: fixed values (a change would re-partition every sharded build)', () => {
    expect([139, 285, 632, 724, 776, 581_929].map((id) => shardOfCocoId(id, 8))).toEqual(FIXED);
  });

  it('uses the high bits of ids past 32 bits', () => {
    const spread = new Set(Array.from({ length: 64 }, (_, index) => shardOfCocoId(index * 2 ** 32 + 5, 16)));
    expect(spread.size).toBeGreaterThan(8);
  });

  it('refuses ids and counts it cannot place', () => {
    expect(() => shardOfCocoId(-1, 4)).toThrow(PipelineOptionError);
    expect(() => shardOfCocoId(1.5, 4)).toThrow(/cocoId must be a whole number/);
    expect(() => shardOfCocoId(1, 0)).toThrow(/count must be a whole number/);
  });
});

// Computed once and kept: a change here would reshuffle every sharded run.
const FIXED = [6, 1, 1, 2, 5, 4];

describe('shardOfKey', () => {
  it('places string keys stably and evenly', () => {
    const sizes = new Array<number>(4).fill(0);
    for (let index = 0; index < 40_000; index++) sizes[shardOfKey(`sample-${index}`, 4)]!++;
    for (const size of sizes) expect(Math.abs(size - 10_000)).toBeLessThan(400);
    expect(shardOfKey('sample-1', 4)).toBe(shardOfKey('sample-1', 4));
    expect(shardOfKey('anything', 1)).toBe(0);
    expect(() => shardOfKey('x', 0)).toThrow(/count/);
  });
});

describe('parseShardSpec', () => {
  it('reads index/count counted from 0', () => {
    expect(parseShardSpec('0/8')).toEqual({ index: 0, count: 8 });
    expect(parseShardSpec('7/8')).toEqual({ index: 7, count: 8 });
    expect(parseShardSpec(' 2 / 3 ')).toEqual({ index: 2, count: 3 });
    expect(parseShardSpec('0/1')).toEqual({ index: 0, count: 1 });
  });

  it.each([
    ['3/2', /index must be from 0 to 1/],
    ['2/2', /index must be from 0 to 1/],
    ['0/0', /count must be a whole number from 1/],
    ['a/b', /not of the form index\/count/],
    ['1', /not of the form/],
    ['-1/4', /not of the form/],
    ['1.5/4', /not of the form/],
    ['1/4/8', /not of the form/],
    ['', /not of the form/],
    ['0/99999999999', /count must be/],
  ])('refuses %j', (spec, message) => {
    let error: unknown;
    try {
      parseShardSpec(spec);
    } catch (caught) {
      error = caught;
    }
    expect(ShardSpecError.isInstance(error)).toBe(true);
    expect((error as ShardSpecError).spec).toBe(spec);
    expect((error as ShardSpecError).message).toMatch(message);
    expect((error as ShardSpecError).toLine()).toContain('Fix: write the shard as index/count');
  });

  it('round-trips with formatShardSpec (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }).chain((count) => fc.tuple(fc.nat({ max: count - 1 }), fc.constant(count))), ([index, count]) => {
        expect(parseShardSpec(formatShardSpec({ index, count }))).toEqual({ index, count });
      }),
    );
    expect(() => checkShardSpec({ index: -1, count: 2 })).toThrow(ShardSpecError);
  });
});
