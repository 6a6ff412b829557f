import type { Sample } from '@vift/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { SampleIndex } from '../src/server/sample-index.js';
import { SummaryStore } from '../src/server/summary-store.js';
import type { SourceEntry } from '../src/server/viewer-source.js';

// A request waiting for the first records is answered as soon as the pass has them, not at the pass's
// next turn: a first page must not wait while the pass reads on.

const stores: SummaryStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

const sample = (index: number): Sample => ({
  id: `s${index}`,
  images: [],
  turns: [
    { role: 'user', text: `question ${index}` },
    { role: 'assistant', text: `answer ${index}` },
  ],
});

/** Records given as fast as they are asked for, each taking `busyMs` of this thread; counts those taken. */
function busyEntries(count: number, busyMs: number, taken: { count: number }): AsyncGenerator<SourceEntry> {
  return (async function* () {
    for (let index = 0; index < count; index++) {
      const until = performance.now() + busyMs;
      while (performance.now() < until);
      taken.count++;
      yield { index, sample: sample(index), issues: [] };
    }
  })();
}

async function indexOf(expected: number): Promise<SampleIndex> {
  const store = await SummaryStore.create();
  stores.push(store);
  return new SampleIndex(store, expected, 0);
}

describe('SampleIndex', () => {
  it('answers a wait for the first records once they are read, before the pass takes its next turn', async () => {
    const index = await indexOf(2000);
    const taken = { count: 0 };
    const waiting = index.waitFor(50).then(() => taken.count);
    // 0.5 ms a record: the pass's turns (every 15 ms) come about every 30 records.
    const pass = index.run(busyEntries(2000, 0.5, taken));
    const takenWhenAnswered = await waiting;
    index.stop();
    await pass;
    expect(takenWhenAnswered).toBe(50);
    expect((await index.summariesOf([0, 49])).map((row) => row.id)).toEqual(['s0', 's49']);
  });
});
