import type { Operator, AnyIterable } from './operator.js';

/** Keeps the items the predicate accepts; a type guard narrows the stream's type. */
export function filter<T, Kept extends T>(predicate: (item: T, index: number) => item is Kept): Operator<T, Kept>;
export function filter<T>(predicate: (item: T, index: number) => boolean | Promise<boolean>): Operator<T, T>;
export function filter<T>(predicate: (item: T, index: number) => boolean | Promise<boolean>): Operator<T, T> {
  return async function* filtered(source: AnyIterable<T>) {
    let index = 0;
    for await (const item of source) {
      if (await predicate(item, index++)) yield item;
    }
  };
}
