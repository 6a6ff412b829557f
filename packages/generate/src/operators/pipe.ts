import type { Operator, AnyIterable } from './operator.js';

/**
 * Runs a source through operators left to right: `pipe(samples, filter(f), dedupe(), take(100))`. Each
 * operator's output type is the next one's input type, checked by the compiler.
 */
export function pipe<A>(source: AnyIterable<A>): AsyncIterable<A>;
export function pipe<A, B>(source: AnyIterable<A>, first: Operator<A, B>): AsyncIterable<B>;
export function pipe<A, B, C>(source: AnyIterable<A>, first: Operator<A, B>, second: Operator<B, C>): AsyncIterable<C>;
export function pipe<A, B, C, D>(source: AnyIterable<A>, first: Operator<A, B>, second: Operator<B, C>, third: Operator<C, D>): AsyncIterable<D>;
export function pipe<A, B, C, D, E>(
  source: AnyIterable<A>,
  first: Operator<A, B>,
  second: Operator<B, C>,
  third: Operator<C, D>,
  fourth: Operator<D, E>,
): AsyncIterable<E>;
export function pipe<A, B, C, D, E, F>(
  source: AnyIterable<A>,
  first: Operator<A, B>,
  second: Operator<B, C>,
  third: Operator<C, D>,
  fourth: Operator<D, E>,
  fifth: Operator<E, F>,
): AsyncIterable<F>;
export function pipe<A, B, C, D, E, F, G>(
  source: AnyIterable<A>,
  first: Operator<A, B>,
  second: Operator<B, C>,
  third: Operator<C, D>,
  fourth: Operator<D, E>,
  fifth: Operator<E, F>,
  sixth: Operator<F, G>,
): AsyncIterable<G>;
export function pipe<A, B, C, D, E, F, G, H>(
  source: AnyIterable<A>,
  first: Operator<A, B>,
  second: Operator<B, C>,
  third: Operator<C, D>,
  fourth: Operator<D, E>,
  fifth: Operator<E, F>,
  sixth: Operator<F, G>,
  seventh: Operator<G, H>,
): AsyncIterable<H>;
export function pipe<A, B, C, D, E, F, G, H, I>(
  source: AnyIterable<A>,
  first: Operator<A, B>,
  second: Operator<B, C>,
  third: Operator<C, D>,
  fourth: Operator<D, E>,
  fifth: Operator<E, F>,
  sixth: Operator<F, G>,
  seventh: Operator<G, H>,
  eighth: Operator<H, I>,
): AsyncIterable<I>;
/** Past eight operators the types are not chained: nest `pipe` calls to keep them checked. */
export function pipe(source: AnyIterable<unknown>, ...operators: Operator<unknown, unknown>[]): AsyncIterable<unknown>;
export function pipe(source: AnyIterable<unknown>, ...operators: Operator<unknown, unknown>[]): AsyncIterable<unknown> {
  let stream: AnyIterable<unknown> = source;
  for (const operator of operators) stream = operator(stream);
  return isAsyncIterable(stream) ? stream : fromIterable(stream);
}

function isAsyncIterable<T>(source: AnyIterable<T>): source is AsyncIterable<T> {
  return typeof (source as Partial<AsyncIterable<T>>)[Symbol.asyncIterator] === 'function';
}

async function* fromIterable<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
