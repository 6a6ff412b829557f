import { createRandom } from './create-random.js';
import { close, iterate, type AnyIterable } from './operator.js';
import { PipelineOptionError, checkSeed, describeValue } from './pipeline-option-error.js';

export type MixSource<T> = {
  samples: AnyIterable<T>;
  /** The relative rate at which this source is drawn from: any positive number, they need not sum to 1. */
  weight: number;
};

export type MixOptions<T> = {
  sources: readonly MixSource<T>[];
  seed: number;
  /**
   * When the mix ends:
   * - `first-exhausted` (default): as soon as a draw finds a source empty, so the proportions hold over
   *   the whole output and the larger sources are cut short;
   * - `all-exhausted`: an empty source leaves the draw and the others share its weight, so every item of
   *   every source comes out and the tail holds only the longest sources. Sources are streams read
   *   once: none is restarted to pad the mix.
   */
  until?: 'first-exhausted' | 'all-exhausted';
};

/**
 * Interleaves several streams: each item comes from a source drawn at random with probability
 * proportional to its weight. Deterministic: the same seed and the same sources give the same order.
 * Reads only the source drawn, one item at a time, and closes the rest when it ends.
 */
export function mix<T>(options: MixOptions<T>): AsyncIterable<T> {
  const seed = checkSeed('mix', options.seed);
  const until = options.until ?? 'first-exhausted';
  if (until !== 'first-exhausted' && until !== 'all-exhausted') {
    throw new PipelineOptionError({ operator: 'mix', option: 'until', message: `must be "first-exhausted" or "all-exhausted" (got ${describeValue(until)})`, fix: 'pass one of the two, or leave it out' });
  }
  if (!Array.isArray(options.sources) || options.sources.length === 0) {
    throw new PipelineOptionError({ operator: 'mix', option: 'sources', message: 'must list at least one source', fix: 'pass sources: [{ samples, weight }, …]' });
  }
  options.sources.forEach((source, index) => {
    if (!(typeof source.weight === 'number' && Number.isFinite(source.weight) && source.weight > 0)) {
      throw new PipelineOptionError({
        operator: 'mix',
        option: `sources[${index}].weight`,
        message: `must be a positive number (got ${describeValue(source.weight)})`,
        fix: 'give every source a weight above 0, or leave the source out',
      });
    }
  });
  return mixed(options.sources, seed, until);
}

async function* mixed<T>(sources: readonly MixSource<T>[], seed: number, until: 'first-exhausted' | 'all-exhausted'): AsyncGenerator<T> {
  const random = createRandom(seed);
  const iterators = sources.map((source) => iterate(source.samples));
  const exhausted = sources.map(() => false);
  let active = sources.map((_, index) => index);
  let total = sum(active, sources);
  try {
    while (active.length > 0) {
      const chosen = draw(active, sources, random() * total);
      const next = await iterators[chosen]!.next();
      if (next.done !== true) {
        yield next.value;
        continue;
      }
      exhausted[chosen] = true;
      if (until === 'first-exhausted') return;
      active = active.filter((index) => index !== chosen);
      total = sum(active, sources);
    }
  } finally {
    await Promise.all(iterators.map((iterator, index) => (exhausted[index] ? undefined : close(iterator))));
  }
}

function sum<T>(active: readonly number[], sources: readonly MixSource<T>[]): number {
  let total = 0;
  for (const index of active) total += sources[index]!.weight;
  return total;
}

/** The active source whose share of the weight line holds `point`. */
function draw<T>(active: readonly number[], sources: readonly MixSource<T>[], point: number): number {
  let reached = 0;
  for (const index of active) {
    reached += sources[index]!.weight;
    if (point < reached) return index;
  }
  // Rounding can leave the point a hair past the last share.
  return active[active.length - 1]!;
}
