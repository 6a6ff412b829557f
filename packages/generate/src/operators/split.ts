import type { Sample } from '@vift/schema';
import { hash64Fraction, hashString64 } from './hash-string-64.js';
import type { Operator, AnyIterable } from './operator.js';
import { PipelineOptionError, checkSeed, describeValue } from './pipeline-option-error.js';
import { sampleImageKey } from './sample-keys.js';

/**
 * What decides a sample's split:
 * - `id` (default): the sample id;
 * - `image`: the first image (its COCO id, else its path; the sample id when it has none), so all the
 *   dialogs on one image share a split and no test image is seen in training.
 */
export type SampleSplitKey = 'id' | 'image';

export type SplitOptions<Name extends string> = {
  /** Each split's share, e.g. `{ train: 0.98, test: 0.02 }`: each ≥ 0, together 1. */
  fractions: Readonly<Record<Name, number>>;
  seed: number;
};

/** Where `route` sends a split's items: a function, or an object with `write` (a file writer); awaited. */
export type SplitSink<T> = ((item: T) => unknown) | { write(item: T): unknown };

export type Splitter<Name extends string, T> = {
  /** The split names, in the order of `fractions`. */
  readonly names: readonly Name[];
  /** The split an item belongs to: always the same for the same key, seed and fractions. */
  splitOf(item: T): Name;
  /** An operator keeping one split's items. */
  only(name: Name): Operator<T, T>;
  /**
   * Reads the stream once, sending each item to its split's sink (a split without a sink is skipped);
   * returns how many items each split had.
   */
  route(source: AnyIterable<T>, sinks: Partial<Record<Name, SplitSink<T>>>): Promise<Record<Name, number>>;
};

/**
 * Splits a stream deterministically: an item's key is hashed with the seed (FNV-1a 64) to a point in
 * [0, 1), and the splits take consecutive ranges of that line in the order of `fractions`. So an item
 * lands in the same split in every run and on every machine whatever else is in the stream, and growing
 * the last split (0.02 → 0.05 test) only moves items into it.
 */
export function split<const Name extends string>(options: SplitOptions<Name> & { key?: SampleSplitKey }): Splitter<Name, Sample>;
export function split<const Name extends string, T>(options: SplitOptions<Name> & { key: (item: T) => string | number }): Splitter<Name, T>;
export function split<const Name extends string, T>(options: SplitOptions<Name> & { key?: SampleSplitKey | ((item: T) => string | number) }): Splitter<Name, T> {
  const seed = checkSeed('split', options.seed);
  const { names, bounds } = checkFractions(options.fractions);
  const key = options.key ?? 'id';
  let keyOf: (item: T) => string;
  if (typeof key === 'function') keyOf = (item) => String(key(item));
  else if (key === 'id') keyOf = (item) => (item as Sample).id;
  else if (key === 'image') keyOf = (item) => sampleImageKey(item as Sample);
  else {
    throw new PipelineOptionError({ operator: 'split', option: 'key', message: `must be "id", "image" or a function (got ${describeValue(key)})`, fix: 'pass one of those, or leave it out' });
  }
  const prefix = `${seed}\u0000`;
  const splitOf = (item: T): Name => {
    const point = hash64Fraction(hashString64(prefix + keyOf(item)));
    for (let index = 0; index < bounds.length; index++) {
      if (point < bounds[index]!) return names[index]!;
    }
    // Past the last bound only by rounding: the last split with a share.
    return names[lastWithShare(bounds)]!;
  };
  return {
    names,
    splitOf,
    only(name: Name): Operator<T, T> {
      if (!names.includes(name)) {
        throw new PipelineOptionError({ operator: 'split', option: 'only', message: `names no split (got ${describeValue(name)})`, fix: `use one of ${names.join(', ')}` });
      }
      return async function* one(source: AnyIterable<T>) {
        for await (const item of source) {
          if (splitOf(item) === name) yield item;
        }
      };
    },
    async route(source, sinks) {
      const counts = Object.fromEntries(names.map((name) => [name, 0])) as Record<Name, number>;
      for await (const item of source) {
        const name = splitOf(item);
        counts[name]++;
        const sink = sinks[name];
        if (sink === undefined) continue;
        const written = typeof sink === 'function' ? sink(item) : sink.write(item);
        if (written instanceof Promise) await written;
      }
      return counts;
    },
  };
}

function checkFractions<Name extends string>(fractions: Readonly<Record<Name, number>>): { names: Name[]; bounds: number[] } {
  const names = (typeof fractions === 'object' && fractions !== null ? Object.keys(fractions) : []) as Name[];
  if (names.length === 0) {
    throw new PipelineOptionError({ operator: 'split', option: 'fractions', message: 'must name at least one split', fix: 'pass e.g. fractions: { train: 0.98, test: 0.02 }' });
  }
  const bounds: number[] = [];
  let total = 0;
  for (const name of names) {
    const fraction = fractions[name];
    if (!(typeof fraction === 'number' && Number.isFinite(fraction) && fraction >= 0)) {
      throw new PipelineOptionError({ operator: 'split', option: `fractions.${name}`, message: `must be a number ≥ 0 (got ${describeValue(fraction)})`, fix: 'give each split a share between 0 and 1' });
    }
    total += fraction;
    bounds.push(total);
  }
  if (Math.abs(total - 1) > 1e-9) {
    throw new PipelineOptionError({ operator: 'split', option: 'fractions', message: `must add up to 1 (they add up to ${total})`, fix: 'adjust the shares so that they sum to 1' });
  }
  return { names, bounds };
}

function lastWithShare(bounds: readonly number[]): number {
  for (let index = bounds.length - 1; index > 0; index--) {
    if (bounds[index]! > bounds[index - 1]!) return index;
  }
  return 0;
}
