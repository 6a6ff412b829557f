import type { SampleQuery } from '../shared/api-types.js';
import type { SampleIndex } from './sample-index.js';
import { hasFilters, queryKey, textMatches } from './sample-query.js';
import type { SourceEntry } from './viewer-source.js';

/** The records matching one query, found so far in record order. */
type Matches = {
  indices: number[];
  /** Records looked at so far. */
  scanned: number;
  done: boolean;
  /** The text search's own read of the dataset, while it lasts. */
  cursor: AsyncGenerator<SourceEntry> | undefined;
  /** The search under way, so that requests for the same query share it. */
  running: Promise<void> | undefined;
};

export type MatchPage = { indices: number[]; total: number; complete: boolean };

/** Queries remembered with their matches (the text searches with their place in the dataset). */
const REMEMBERED_QUERIES = 16;

/**
 * Pages of the records matching a query. Filters alone are answered from the index, following the pass;
 * a text search reads the dataset again in order (it cannot be indexed in bounded memory), giving each
 * request at most `searchMilliseconds` and resuming where the last one stopped.
 */
export class QueryResults {
  private readonly remembered = new Map<string, Matches>();

  constructor(
    private readonly index: SampleIndex,
    private readonly scan: () => AsyncGenerator<SourceEntry>,
    private readonly searchMilliseconds = 1500,
  ) {}

  async page(query: SampleQuery, offset: number, limit: number): Promise<MatchPage> {
    const wanted = offset + limit;
    if (!hasFilters(query)) {
      // Every record: the pass gives them in order.
      await this.index.waitFor(wanted);
      const end = Math.min(wanted, this.index.indexed);
      const indices: number[] = [];
      for (let index = offset; index < end; index++) indices.push(index);
      return { indices, total: this.index.indexed, complete: this.index.complete };
    }
    const matches = this.matchesOf(query);
    const deadline = performance.now() + this.searchMilliseconds;
    while (matches.indices.length < wanted && !matches.done && performance.now() < deadline) {
      matches.running ??= this.extend(query, matches, wanted, deadline).finally(() => (matches.running = undefined));
      await matches.running;
    }
    return { indices: matches.indices.slice(offset, wanted), total: matches.indices.length, complete: matches.done };
  }

  private matchesOf(query: SampleQuery): Matches {
    const key = queryKey(query);
    let matches = this.remembered.get(key);
    if (matches !== undefined) {
      this.remembered.delete(key);
    } else {
      matches = { indices: [], scanned: 0, done: false, cursor: undefined, running: undefined };
      for (const [oldKey, old] of this.remembered) {
        if (this.remembered.size < REMEMBERED_QUERIES) break;
        void old.cursor?.return(undefined);
        this.remembered.delete(oldKey);
      }
    }
    this.remembered.set(key, matches);
    return matches;
  }

  private async extend(query: SampleQuery, matches: Matches, wanted: number, deadline: number): Promise<void> {
    if (query.q === undefined) {
      // Filters only: the index's bitsets, up to where the pass has come.
      for (;;) {
        const end = this.index.indexed;
        for (; matches.scanned < end; matches.scanned++) if (this.index.matches(matches.scanned, query)) matches.indices.push(matches.scanned);
        if (this.index.complete && matches.scanned >= this.index.indexed) matches.done = true;
        if (matches.done || matches.indices.length >= wanted || performance.now() >= deadline) return;
        await this.index.nextProgress(deadline - performance.now());
      }
    }
    const needle = query.q.toLowerCase();
    matches.cursor ??= this.scan();
    while (matches.indices.length < wanted && performance.now() < deadline) {
      const next = await matches.cursor.next();
      if (next.done === true) {
        matches.done = true;
        matches.cursor = undefined;
        return;
      }
      const { index, sample } = next.value;
      matches.scanned = index + 1;
      if (sample === undefined || !textMatches(needle, sample)) continue;
      // The filters and the list rows come from the index: wait for the pass if the search is ahead of it
      // (at the pass's own pace: a turn for every match would slow it down).
      if (index >= this.index.indexed) await this.index.waitFor(index + 1, Number.POSITIVE_INFINITY, false);
      if (index < this.index.indexed && this.index.matches(index, query)) matches.indices.push(index);
    }
  }

  /** Ends the text searches' reads of the dataset. */
  async close(): Promise<void> {
    await Promise.all([...this.remembered.values()].map((matches) => matches.cursor?.return(undefined)));
    this.remembered.clear();
  }
}
