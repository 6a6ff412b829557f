type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs `work` on the items of `source` with at most `concurrency` at once and yields the results in the
 * order of the items, so the output does not depend on which request returned first. A failure is thrown
 * when its turn comes, and no item is started after it.
 */
export async function* orderedPool<T, R>(source: AsyncIterable<T> | Iterable<T>, concurrency: number, work: (item: T) => Promise<R>): AsyncGenerator<R> {
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source[Symbol.iterator]());
  const queue: Promise<Settled<R>>[] = [];
  let exhausted = false;
  const fill = async () => {
    while (!exhausted && queue.length < concurrency) {
      const next = await iterator.next();
      if (next.done === true) exhausted = true;
      // Settled at once, so a failure waiting its turn in the queue is not an unhandled rejection.
      else queue.push(work(next.value).then((value): Settled<R> => ({ ok: true, value }), (error: unknown): Settled<R> => ({ ok: false, error })));
    }
  };
  try {
    await fill();
    while (queue.length > 0) {
      const settled = await queue.shift()!;
      if (!settled.ok) throw settled.error;
      await fill();
      yield settled.value;
    }
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return { next: async () => iterator.next(), return: async () => iterator.return?.() ?? { done: true, value: undefined } };
}
