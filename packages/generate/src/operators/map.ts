import { close, iterate, type Operator, type AnyIterable } from './operator.js';
import { checkInteger } from './pipeline-option-error.js';

export type MapOptions = {
  /**
   * How many calls may run at once (default 1). Results still come out in input order; use more than 1
   * when `transform` waits on something slow, such as a model endpoint. Reads up to `concurrency` items
   * ahead of the consumer.
   */
  concurrency?: number;
};

/** Transforms each item; `transform` may be async. */
export function map<In, Out>(transform: (item: In, index: number) => Out | Promise<Out>, options: MapOptions = {}): Operator<In, Out> {
  const concurrency = checkInteger('map', 'concurrency', options.concurrency ?? 1, 1);
  if (concurrency === 1) {
    return async function* mapped(source: AnyIterable<In>) {
      let index = 0;
      for await (const item of source) yield await transform(item, index++);
    };
  }
  return (source) => mapConcurrently(source, transform, concurrency);
}

async function* mapConcurrently<In, Out>(source: AnyIterable<In>, transform: (item: In, index: number) => Out | Promise<Out>, concurrency: number): AsyncGenerator<Out> {
  const iterator = iterate(source);
  const pending: Promise<Out>[] = [];
  let index = 0;
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && pending.length < concurrency) {
        const next = await iterator.next();
        if (next.done === true) {
          exhausted = true;
          break;
        }
        const position = index++;
        const result = (async () => transform(next.value, position))();
        // A failure is thrown when its turn comes; until then it must not count as unhandled.
        result.catch(() => {});
        pending.push(result);
      }
      const first = pending.shift();
      if (first === undefined) return;
      yield await first;
    }
  } finally {
    if (!exhausted) await close(iterator);
  }
}
