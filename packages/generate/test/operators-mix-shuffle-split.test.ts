import type { Sample } from '@vift/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Imports from the modules, not the package index, so these tests do not depend on the rest of the package.
import { mix } from '../src/operators/mix.js';
import { toArray } from '../src/operators/operator.js';
import { pipe } from '../src/operators/pipe.js';
import { PipelineOptionError } from '../src/operators/pipeline-option-error.js';
import { shard } from '../src/operators/shard.js';
import { shuffle } from '../src/operators/shuffle.js';
import { split } from '../src/operators/split.js';
import { take } from '../src/operators/take.js';
import { shardOfCocoId } from '../src/shard/shard-of-coco-id.js';

const range = (length: number, prefix = '') => Array.from({ length }, (_, index) => `${prefix}${index}`);

async function* counted<T>(items: readonly T[], state: { pulled: number; closed: boolean }) {
  try {
    for (const item of items) {
      state.pulled++;
      yield item;
    }
  } finally {
    state.closed = true;
  }
}

const sample = (id: string, cocoId?: number): Sample => ({
  id,
  images: cocoId === undefined ? [] : [{ cocoId }],
  turns: [
    { role: 'user', text: `question ${id}` },
    { role: 'assistant', text: 'answer' },
  ],
});

describe('mix', () => {
  const sources = () => [
    { samples: range(20_000, 'a'), weight: 3 },
    { samples: range(20_000, 'b'), weight: 1 },
  ];

  it('draws in proportion to the weights (10k items, within 2 %)', async () => {
    const items = await toArray(pipe(mix({ sources: sources(), seed: 1 }), take(10_000)));
    const fromA = items.filter((item) => item.startsWith('a')).length;
    expect(Math.abs(fromA / 10_000 - 0.75)).toBeLessThan(0.02);
    // Each source's items keep their order.
    const aItems = items.filter((item) => item.startsWith('a'));
    expect(aItems).toEqual(range(aItems.length, 'a'));
  });

  it('is deterministic for a seed and differs for another', async () => {
    const first = await toArray(pipe(mix({ sources: sources(), seed: 5 }), take(1000)));
    const again = await toArray(pipe(mix({ sources: sources(), seed: 5 }), take(1000)));
    const other = await toArray(pipe(mix({ sources: sources(), seed: 6 }), take(1000)));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('first-exhausted stops at the first empty draw; all-exhausted drains every source', async () => {
    const small = () => [
      { samples: range(10, 'a'), weight: 1 },
      { samples: range(1000, 'b'), weight: 1 },
    ];
    const first = await toArray(mix({ sources: small(), seed: 3 }));
    expect(first.filter((item) => item.startsWith('a'))).toHaveLength(10);
    expect(first.length).toBeLessThan(100);
    const all = await toArray(mix({ sources: small(), seed: 3, until: 'all-exhausted' }));
    expect(all).toHaveLength(1010);
    expect(all.filter((item) => item.startsWith('b'))).toEqual(range(1000, 'b'));
    // Up to the first exhaustion both orders agree.
    expect(all.slice(0, first.length)).toEqual(first);
  });

  it('reads only what it draws and closes every source when stopped early', async () => {
    const states = [
      { pulled: 0, closed: false },
      { pulled: 0, closed: false },
    ];
    const stream = mix({
      sources: [
        { samples: counted(range(100, 'a'), states[0]!), weight: 1 },
        { samples: counted(range(100, 'b'), states[1]!), weight: 1 },
      ],
      seed: 0,
    });
    const items = await toArray(pipe(stream, take(10)));
    expect(items).toHaveLength(10);
    expect(states[0]!.pulled + states[1]!.pulled).toBe(10);
    expect(states.every((state) => state.closed)).toBe(true);
  });

  it('refuses bad options', () => {
    expect(() => mix({ sources: [], seed: 1 })).toThrow(PipelineOptionError);
    expect(() => mix({ sources: [{ samples: [1], weight: 0 }], seed: 1 })).toThrow(/sources\[0\]\.weight must be a positive number/);
    expect(() => mix({ sources: [{ samples: [1], weight: Number.NaN }], seed: 1 })).toThrow(/weight/);
    expect(() => mix({ sources: [{ samples: [1], weight: 1 }], seed: 0.5 })).toThrow(/seed/);
    expect(() => mix({ sources: [{ samples: [1], weight: 1 }], seed: 1, until: 'never' as 'all-exhausted' })).toThrow(/until/);
  });
});

describe('shuffle', () => {
  it('returns a permutation, the same for a seed and another for another seed', async () => {
    const input = range(1000);
    const first = await toArray(pipe(input, shuffle({ seed: 1, bufferSize: 100 })));
    const again = await toArray(pipe(input, shuffle({ seed: 1, bufferSize: 100 })));
    const other = await toArray(pipe(input, shuffle({ seed: 2, bufferSize: 100 })));
    expect([...first].sort()).toEqual([...input].sort());
    expect(first).not.toEqual(input);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('is a permutation for any input, seed and buffer (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { maxLength: 200 }), fc.integer(), fc.integer({ min: 1, max: 50 }), async (items, seed, bufferSize) => {
        const output = await toArray(shuffle<number>({ seed, bufferSize })(items));
        expect([...output].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it('holds at most bufferSize items and moves an item forward by at most bufferSize places', async () => {
    const state = { pulled: 0, closed: false };
    const bufferSize = 16;
    const input = Array.from({ length: 2000 }, (_, index) => index);
    let emitted = 0;
    let mostHeld = 0;
    const output: number[] = [];
    for await (const item of shuffle<number>({ seed: 9, bufferSize })(counted(input, state))) {
      emitted++;
      mostHeld = Math.max(mostHeld, state.pulled - emitted);
      output.push(item);
    }
    expect(mostHeld).toBe(bufferSize);
    output.forEach((item, position) => expect(item - position).toBeLessThanOrEqual(bufferSize));
  });

  it('with bufferSize 1 keeps the order', async () => {
    expect(await toArray(pipe(range(50), shuffle({ seed: 3, bufferSize: 1 })))).toEqual(range(50));
  });

  it('refuses a bad buffer', () => {
    expect(() => shuffle({ seed: 1, bufferSize: 0 })).toThrow(/shuffle: bufferSize must be an integer ≥ 1/);
  });
});

describe('split', () => {
  const samples = range(20_000, 'sample-').map((id, index) => sample(id, index));

  it('puts each sample in one split, stably and in proportion', async () => {
    const splitter = split({ fractions: { train: 0.9, test: 0.1 }, seed: 1 });
    const names = samples.map((item) => splitter.splitOf(item));
    expect(samples.map((item) => splitter.splitOf(item))).toEqual(names);
    expect(split({ fractions: { train: 0.9, test: 0.1 }, seed: 1 }).splitOf(samples[7]!)).toBe(names[7]);
    const testShare = names.filter((name) => name === 'test').length / names.length;
    expect(Math.abs(testShare - 0.1)).toBeLessThan(0.01);
    const otherSeed = split({ fractions: { train: 0.9, test: 0.1 }, seed: 2 });
    expect(samples.map((item) => otherSeed.splitOf(item))).not.toEqual(names);
  });

  it('decides by the sample alone, whatever else is in the stream (property)', () => {
    const splitter = split({ fractions: { train: 0.5, validation: 0.25, test: 0.25 }, seed: 4 });
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (id) => {
        const name = splitter.splitOf(sample(id));
        expect(splitter.names).toContain(name);
        expect(splitter.splitOf({ ...sample(id), turns: [] })).toBe(name);
      }),
    );
  });

  it('only moves items into the last split as it grows', () => {
    const small = split({ fractions: { train: 0.98, test: 0.02 }, seed: 0 });
    const large = split({ fractions: { train: 0.95, test: 0.05 }, seed: 0 });
    for (const item of samples) if (small.splitOf(item) === 'test') expect(large.splitOf(item)).toBe('test');
  });

  it('by image keeps every dialog of an image in one split', () => {
    const splitter = split({ fractions: { train: 0.5, test: 0.5 }, seed: 0, key: 'image' });
    for (let cocoId = 0; cocoId < 200; cocoId++) {
      const names = new Set(range(5, `${cocoId}-`).map((id) => splitter.splitOf(sample(id, cocoId))));
      expect(names.size).toBe(1);
    }
  });

  it('routes a stream into sinks and streams one split', async () => {
    const splitter = split({ fractions: { train: 0.8, test: 0.2 }, seed: 11 });
    const train: string[] = [];
    const test: string[] = [];
    const counts = await splitter.route(samples.slice(0, 500), { train: (item) => train.push(item.id), test: { write: async (item: Sample) => test.push(item.id) } });
    expect(counts).toEqual({ train: train.length, test: test.length });
    expect(train.length + test.length).toBe(500);
    expect(new Set([...train, ...test]).size).toBe(500);
    const onlyTest = await toArray(pipe(samples.slice(0, 500), splitter.only('test')));
    expect(onlyTest.map((item) => item.id)).toEqual(test);
    // A split without a sink is counted and skipped.
    const partial = await splitter.route(samples.slice(0, 500), { test: () => undefined });
    expect(partial).toEqual(counts);
  });

  it('splits any stream with a key function', () => {
    const splitter = split({ fractions: { a: 0.5, b: 0.5 }, seed: 0, key: (value: number) => value });
    const names = Array.from({ length: 1000 }, (_, index) => splitter.splitOf(index));
    expect(names.filter((name) => name === 'a').length).toBeGreaterThan(400);
    expect(names.filter((name) => name === 'a').length).toBeLessThan(600);
  });

  it('refuses fractions that do not add up, and unknown splits', () => {
    expect(() => split({ fractions: { train: 0.9, test: 0.2 }, seed: 0 })).toThrow(/fractions must add up to 1/);
    expect(() => split({ fractions: {}, seed: 0 })).toThrow(/at least one split/);
    expect(() => split({ fractions: { train: -0.5, test: 1.5 }, seed: 0 })).toThrow(/fractions.train must be a number ≥ 0/);
    const splitter = split({ fractions: { train: 1 }, seed: 0 });
    expect(() => splitter.only('dev' as 'train')).toThrow(/names no split/);
  });
});

describe('shard operator', () => {
  const samples = Array.from({ length: 3000 }, (_, index) => sample(`s${index}`, index % 1000));

  it.each(['image', 'id', 'position'] as const)('by %s: the shards are disjoint and together the whole stream', async (by) => {
    const count = 4;
    const shards = await Promise.all(Array.from({ length: count }, (_, index) => toArray(pipe(samples, shard({ index, count, by })))));
    const ids = shards.flat().map((item) => item.id);
    expect(ids).toHaveLength(samples.length);
    expect(new Set(ids).size).toBe(samples.length);
    for (const part of shards) expect(part.length).toBeGreaterThan(500);
  });

  it('by image agrees with shardOfCocoId, so an image stays in one shard', async () => {
    const part = await toArray(pipe(samples, shard({ index: 2, count: 5 })));
    for (const item of part) expect(shardOfCocoId(item.images[0]!.cocoId!, 5)).toBe(2);
    const samplesWithoutImages = Array.from({ length: 100 }, (_, index) => sample(`n${index}`));
    const all = await Promise.all([0, 1].map((index) => toArray(pipe(samplesWithoutImages, shard({ index, count: 2 })))));
    expect(all[0]!.length + all[1]!.length).toBe(100);
  });

  it('takes numbers from a key function as COCO ids', async () => {
    const numbers = Array.from({ length: 100 }, (_, index) => index);
    const part = await toArray(pipe(numbers, shard({ index: 1, count: 3, by: (value: number) => value })));
    expect(part).toEqual(numbers.filter((value) => shardOfCocoId(value, 3) === 1));
  });

  it('refuses a bad shard', () => {
    expect(() => shard({ index: 3, count: 2 })).toThrow(/shard "3\/2"/);
    expect(() => shard({ index: 0, count: 0 })).toThrow(/count must be/);
  });
});
