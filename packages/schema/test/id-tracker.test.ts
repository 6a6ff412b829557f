import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdTracker } from '../src/index.js';

/** What the tracker must answer for each id: the index where it was first seen, or undefined. */
function expectedAnswers(ids: readonly string[]): Array<number | undefined> {
  const first = new Map<string, number>();
  return ids.map((id, index) => {
    const seen = first.get(id);
    if (seen === undefined) first.set(id, index);
    return seen;
  });
}

function answers(ids: readonly string[]): Array<number | undefined> {
  const tracker = new IdTracker();
  return ids.map((id, index) => tracker.add(id, index));
}

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

describe('IdTracker', () => {
  it('reports exactly the duplicates of any id list, with the first index', () => {
    // Ids from a small pool, so that lists have many duplicates; lone surrogates and "__proto__" included.
    const id = fc.oneof(fc.constantFrom('', 'a', 'A', '__proto__', '\ud800', '🦙', '1', '01'), fc.string({ unit: codeUnit, maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(id, { maxLength: 200 }), (ids) => {
        expect(answers(ids)).toEqual(expectedAnswers(ids));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps reporting them after growing past 65536 ids', () => {
    // Sizes just past the first table size and past a few doublings, duplicates spread all over.
    const list = fc
      .tuple(fc.integer({ min: 70_000, max: 140_000 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 300 }))
      .map(([size, copies]) => {
        const ids = Array.from({ length: size }, (_, position) => `coco-${position}`);
        for (const [from, to] of copies) ids[to % size] = ids[from % size]!;
        return ids;
      });
    fc.assert(
      fc.property(list, (ids) => {
        const tracker = new IdTracker();
        const got = ids.map((id, index) => tracker.add(id, index));
        expect(got).toEqual(expectedAnswers(ids));
        expect(tracker.count).toBe(new Set(ids).size);
      }),
      { numRuns: 3 },
    );
  });

  it('counts distinct ids', () => {
    const tracker = new IdTracker();
    for (const [index, id] of ['a', 'b', 'a', 'c', 'b'].entries()) tracker.add(id, index);
    expect(tracker.count).toBe(3);
  });
});
