import { createRandom } from './create-random.js';
import type { Operator, AnyIterable } from './operator.js';
import { checkInteger, checkSeed } from './pipeline-option-error.js';

export type ShuffleOptions = {
  seed: number;
  /** How many items are held at once: the memory bound and the reach of the shuffle. */
  bufferSize: number;
};

/**
 * A seeded buffer shuffle. This is a local shuffle, not a uniform permutation of the whole stream: it
 * holds `bufferSize` items, and each new item takes the place of one drawn at random from the buffer and
 * emitted; at the end the buffer is emitted in random order. An item can move back by any amount, but
 * forward only by about `bufferSize` places, so a stream sorted by source stays roughly grouped unless
 * the buffer spans the groups. Memory holds at most `bufferSize` items. Deterministic: the same seed and
 * input give the same order.
 */
export function shuffle<T>(options: ShuffleOptions): Operator<T, T> {
  const seed = checkSeed('shuffle', options.seed);
  const bufferSize = checkInteger('shuffle', 'bufferSize', options.bufferSize, 1);
  return async function* shuffled(source: AnyIterable<T>) {
    const random = createRandom(seed);
    const buffer: T[] = [];
    for await (const item of source) {
      if (buffer.length < bufferSize) {
        buffer.push(item);
        continue;
      }
      const slot = random.integer(bufferSize);
      const out = buffer[slot]!;
      buffer[slot] = item;
      yield out;
    }
    // Fisher–Yates over what is left.
    for (let last = buffer.length - 1; last > 0; last--) {
      const slot = random.integer(last + 1);
      [buffer[last], buffer[slot]] = [buffer[slot]!, buffer[last]!];
    }
    yield* buffer;
  };
}
