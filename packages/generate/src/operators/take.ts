import type { Operator, AnyIterable } from './operator.js';
import { checkInteger } from './pipeline-option-error.js';

/** The first `count` items; stops reading (and closes the source) once it has them. */
export function take<T>(count: number): Operator<T, T> {
  checkInteger('take', 'count', count, 0, true);
  return async function* taken(source: AnyIterable<T>) {
    if (count === 0) return;
    let seen = 0;
    for await (const item of source) {
      yield item;
      if (++seen >= count) return;
    }
  };
}
