/** What an operator reads: an async stream, or a plain array or iterable (read as one). */
export type AnyIterable<T> = AsyncIterable<T> | Iterable<T>;

/**
 * A step of a pipeline: takes a stream and returns a new one, lazily. Nothing is read from the source
 * until the result is iterated, and stopping early (a `break`, `take`) closes the source.
 */
export type Operator<In, Out = In> = (source: AnyIterable<In>) => AsyncIterable<Out>;

/** Collects a stream into an array: for tests and small streams only. */
export async function toArray<T>(source: AnyIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

/** The source's async iterator (a plain iterable is read through one). */
export function iterate<T>(source: AnyIterable<T>): AsyncIterator<T> {
  const asyncIterable = source as Partial<AsyncIterable<T>>;
  if (typeof asyncIterable[Symbol.asyncIterator] === 'function') return asyncIterable[Symbol.asyncIterator]!();
  const iterator = (source as Iterable<T>)[Symbol.iterator]();
  return {
    next: async () => iterator.next(),
    return: async (value?: unknown) => iterator.return?.(value) ?? { done: true, value: undefined },
  };
}

/** Closes an iterator that was left before its end, so its source releases files and handles. */
export async function close<T>(iterator: AsyncIterator<T>): Promise<void> {
  await iterator.return?.();
}
