import type { Sample } from '@vift/schema';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
// Imports from the modules, not the package index, so these tests do not depend on the rest of the package.
import { dedupe } from '../src/operators/dedupe.js';
import { filter } from '../src/operators/filter.js';
import { map } from '../src/operators/map.js';
import { toArray } from '../src/operators/operator.js';
import { pipe } from '../src/operators/pipe.js';
import { PipelineOptionError } from '../src/operators/pipeline-option-error.js';
import { normaliseText } from '../src/operators/sample-keys.js';
import { take } from '../src/operators/take.js';

/** A source that records how far it was read and whether it was closed. */
function tracked<T>(items: readonly T[]) {
  const state = { pulled: 0, closed: false };
  async function* generate() {
    try {
      for (const item of items) {
        state.pulled++;
        yield item;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source: generate() };
}

const sample = (id: string, texts: [string, string], cocoId?: number): Sample => ({
  id,
  images: cocoId === undefined ? [] : [{ cocoId }],
  turns: [
    { role: 'user', text: texts[0] },
    { role: 'assistant', text: texts[1] },
  ],
});

describe('pipe, filter, map, take', () => {
  it('composes left to right with types following along', async () => {
    const stream = pipe(
      [1, 2, 3, 4, 5, 6],
      filter((value: number) => value % 2 === 0),
      map(async (value) => `#${value}`),
      take(2),
    );
    expectTypeOf(stream).toEqualTypeOf<AsyncIterable<string>>();
    expect(await toArray(stream)).toEqual(['#2', '#4']);
    expect(await toArray(pipe([1, 2]))).toEqual([1, 2]);
  });

  it('narrows with a type guard and passes indexes', async () => {
    const values: (number | string)[] = [1, 'a', 2, 'b'];
    const numbers = pipe(values, filter((value): value is number => typeof value === 'number'));
    expectTypeOf(numbers).toEqualTypeOf<AsyncIterable<number>>();
    expect(await toArray(numbers)).toEqual([1, 2]);
    expect(await toArray(pipe(['a', 'b', 'c'], map((value, index) => `${index}${value}`)))).toEqual(['0a', '1b', '2c']);
    expect(await toArray(pipe(['a', 'b', 'c'], filter(async (_, index) => index !== 1)))).toEqual(['a', 'c']);
  });

  it('take stops reading at the count and closes the source', async () => {
    const { state, source } = tracked([1, 2, 3, 4, 5]);
    expect(await toArray(pipe(source, take(2)))).toEqual([1, 2]);
    expect(state.pulled).toBe(2);
    expect(state.closed).toBe(true);
    const empty = tracked([1, 2]);
    expect(await toArray(pipe(empty.source, take(0)))).toEqual([]);
    expect(empty.state.pulled).toBe(0);
    expect(await toArray(pipe([1, 2], take(Infinity)))).toEqual([1, 2]);
  });

  it('map with concurrency keeps the input order and limits calls in flight', async () => {
    let running = 0;
    let most = 0;
    const slow = async (value: number) => {
      running++;
      most = Math.max(most, running);
      // Later items finish first: order must still hold.
      await new Promise((resolve) => setTimeout(resolve, 20 - value));
      running--;
      return value * 10;
    };
    const result = await toArray(pipe([1, 2, 3, 4, 5, 6, 7, 8], map(slow, { concurrency: 3 })));
    expect(result).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
    expect(most).toBe(3);
  });

  it('map with concurrency passes a failure on in order and closes the source', async () => {
    const { state, source } = tracked([1, 2, 3, 4, 5, 6]);
    const seen: number[] = [];
    const failing = map(
      async (value: number) => {
        if (value === 3) throw new Error('boom at 3');
        return value;
      },
      { concurrency: 2 },
    );
    await expect(
      (async () => {
        for await (const value of failing(source)) seen.push(value);
      })(),
    ).rejects.toThrow('boom at 3');
    expect(seen).toEqual([1, 2]);
    expect(state.closed).toBe(true);
  });

  it('refuses bad counts', () => {
    expect(() => take(-1)).toThrow(PipelineOptionError);
    expect(() => take(1.5)).toThrow(/take: count must be an integer/);
    expect(() => map((value) => value, { concurrency: 0 })).toThrow(/concurrency/);
  });
});

describe('dedupe', () => {
  const samples = [
    sample('a', ['What is this?', 'A cat.'], 1),
    sample('b', ['What is this?', 'A cat.'], 1), // exact duplicate of a
    sample('c', ['what is THIS', 'a cat'], 1), // same after normalising
    sample('d', ['<image>\nWhat is this?', 'A cat.'], 1), // placeholder only differs
    sample('e', ['What is this?', 'A cat.'], 2), // same dialog, another image
    sample('f', ['What is this?', 'A dog.'], 1),
  ];

  it('exact drops identical dialogs on the same image', async () => {
    const dropped: [string, number][] = [];
    const kept = await toArray(pipe(samples, dedupe({ by: 'exact', onDuplicate: (item, index) => dropped.push([item.id, index]) })));
    expect(kept.map((item) => item.id)).toEqual(['a', 'c', 'd', 'e', 'f']);
    expect(dropped).toEqual([['b', 1]]);
  });

  it('normalised also drops case, punctuation, whitespace and placeholder variants', async () => {
    const kept = await toArray(pipe(samples, dedupe({ by: 'normalised' })));
    expect(kept.map((item) => item.id)).toEqual(['a', 'e', 'f']);
  });

  it('can leave images out of the identity', async () => {
    const kept = await toArray(pipe(samples, dedupe({ by: 'exact', images: false })));
    expect(kept.map((item) => item.id)).toEqual(['a', 'c', 'd', 'f']);
  });

  it('keeps turns apart: a role or a turn boundary is part of the text', async () => {
    const one: Sample = { id: '1', images: [], turns: [{ role: 'user', text: 'a b' }, { role: 'assistant', text: 'c' }] };
    const two: Sample = { id: '2', images: [], turns: [{ role: 'user', text: 'a' }, { role: 'assistant', text: 'b c' }] };
    const three: Sample = { id: '3', images: [], turns: [{ role: 'system', text: 'a b' }, { role: 'assistant', text: 'c' }] };
    expect(await toArray(pipe([one, two, three], dedupe({ by: 'normalised' })))).toHaveLength(3);
  });

  it('works on any stream with a key, and a new iteration starts fresh', async () => {
    const operator = dedupe({ by: 'normalised', key: (text: string) => text });
    expect(await toArray(operator(['Hello, World!', 'hello world', 'HELLO   world?', 'bye']))).toEqual(['Hello, World!', 'bye']);
    expect(await toArray(operator(['hello world']))).toEqual(['hello world']);
  });

  it('keeps exactly the first of each distinct text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('a', 'b', 'c', 'A', 'a!', ' b', 'dd')), async (texts) => {
        const exact = await toArray(dedupe({ key: (text: string) => text })(texts));
        expect(exact).toEqual([...new Set(texts)]);
        const normalised = await toArray(dedupe({ by: 'normalised', key: (text: string) => text })(texts));
        const firsts = new Map<string, string>();
        for (const text of texts) if (!firsts.has(normaliseText(text))) firsts.set(normaliseText(text), text);
        expect(normalised).toEqual([...firsts.values()]);
      }),
    );
  });

  it('documents its normalisation', () => {
    expect(normaliseText('  <image>\nWhat’s   THIS?!  ')).toBe('what s this');
    expect(normaliseText('Ｃａｆé, 2 Dogs')).toBe('café 2 dogs');
  });

  it('refuses an unknown rule', () => {
    expect(() => dedupe({ by: 'fuzzy' as 'exact' })).toThrow(/dedupe: by must be "exact" or "normalised"/);
  });
});
