import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { createStatisticsCollector, type DatasetStatistics } from '@vift/generate';
import { ViftError, type Sample, type ValidationIssue } from '@vift/schema';
import type { DatasetInfo, FacetCount, IndexProgress, SampleQuery, SampleSummary } from '../shared/api-types.js';
import { Bitset, GrowingUint16 } from './bitset.js';
import { summariseSample } from './sample-summary.js';
import type { SummaryStore } from './summary-store.js';
import type { SourceEntry } from './viewer-source.js';

type FacetName = 'source' | 'task' | 'issue';

/** Issue details kept from the pass (a sample page shows them); past this, they are checked again on demand. */
const STORED_ISSUE_SAMPLES = 20_000;
/** The first records' samples are kept, so that the first page's samples open at once. */
const EARLY_SAMPLES = 1_000;
const EARLY_SAMPLE_BYTES = 32 << 20;
/** The pass gives the server a turn at least this often (milliseconds). */
const TURN_MILLISECONDS = 15;

/**
 * The background pass over the dataset and what it learns: every record's list row (in a SummaryStore),
 * its filter values as bitsets, turn counts, the statistics, and the issues found. Requests wait on it
 * (`waitFor`) for records it has not reached yet.
 */
export class SampleIndex {
  indexed = 0;
  complete = false;
  error: string | undefined;
  bytesRead = 0;
  private readonly facets: Record<FacetName, Map<string, Bitset>> = { source: new Map(), task: new Map(), issue: new Map() };
  private readonly withImage = new Bitset();
  private readonly withIssue = new Bitset();
  private readonly turnCounts = new GrowingUint16();
  private readonly turnHistogram = new Map<number, number>();
  private readonly collector = createStatisticsCollector();
  private readonly storedIssues = new Map<number, ValidationIssue[]>();
  private readonly early = new Map<number, { sample: Sample | undefined; issues: ValidationIssue[] }>();
  private earlyBytes = 0;
  /** Waiting requests, each with the count of records it waits for. */
  private readonly listeners = new Map<() => void, number>();
  /** The fewest records a waiting request waits for: reaching it is reported at once, not at the next turn. */
  private soonestWanted = Infinity;
  private stopped = false;
  /** Requests reading records at random: the pass waits while there are any. */
  private urgent = 0;
  private statistics: { indexed: number; at: number; value: DatasetStatistics } | undefined;

  constructor(
    readonly summaries: SummaryStore,
    readonly expected: number | undefined,
    readonly totalBytes: number,
  ) {}

  /** Reads every entry; resolves when done, stopped or failed (the failure is kept in `error`). */
  async run(entries: AsyncIterable<SourceEntry>): Promise<void> {
    let lastTurn = performance.now();
    try {
      for await (const entry of entries) {
        if (this.stopped) break;
        this.add(entry);
        // A first page must not wait for the rest of a row group to be decoded.
        if (this.indexed >= this.soonestWanted || performance.now() - lastTurn > TURN_MILLISECONDS) {
          this.notify();
          await nextTurn();
          while (this.urgent > 0 && !this.stopped) await sleep(5);
          lastTurn = performance.now();
        }
      }
    } catch (error) {
      this.error = ViftError.isInstance(error) ? error.toLine() : `the dataset could not be read to the end (${(error as Error).message})`;
    } finally {
      this.summaries.flush();
      this.complete = true;
      this.notify();
    }
  }

  stop(): void {
    this.stopped = true;
  }

  /**
   * Runs a request's own reading of the dataset (a sample page, an image) before the pass goes on: on two
   * cores, a row group decoded while the pass decodes others would take several times as long.
   */
  async first<T>(work: () => Promise<T>): Promise<T> {
    this.urgent++;
    try {
      return await work();
    } finally {
      this.urgent--;
    }
  }

  private add(entry: SourceEntry): void {
    const { index, sample, issues } = entry;
    const summary = summariseSample(index, sample, issues);
    this.summaries.append(`${JSON.stringify(summary)}\n`);
    for (const name of summary.sources) facetSet(this.facets.source, name).add(index);
    for (const name of summary.tasks) facetSet(this.facets.task, name).add(index);
    for (const code of summary.issues) facetSet(this.facets.issue, code).add(index);
    if (summary.images > 0) this.withImage.add(index);
    if (issues.length > 0) {
      this.withIssue.add(index);
      if (this.storedIssues.size < STORED_ISSUE_SAMPLES) this.storedIssues.set(index, issues);
    }
    this.turnCounts.set(index, summary.turns);
    this.turnHistogram.set(summary.turns, (this.turnHistogram.get(summary.turns) ?? 0) + 1);
    if (sample !== undefined) this.collector.add(sample);
    if (index < EARLY_SAMPLES && this.earlyBytes < EARLY_SAMPLE_BYTES) {
      this.early.set(index, { sample, issues });
      this.earlyBytes += sample?.images.reduce((sum, image) => sum + (image.bytes?.length ?? 0), 0) ?? 0;
    }
    this.indexed = index + 1;
  }

  private notify(): void {
    for (const listener of [...this.listeners.keys()]) listener();
    this.soonestWanted = Math.min(Infinity, ...this.listeners.values());
  }

  /**
   * Resolves once `count` records are indexed, the pass is over, or `milliseconds` have passed; `atOnce`:
   * the pass reports reaching `count` straight away rather than at its next turn.
   */
  waitFor(count: number, milliseconds = 10_000, atOnce = true): Promise<void> {
    if (this.indexed >= count || this.complete) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const check = () => {
        if (this.indexed >= count || this.complete) finish();
      };
      // setTimeout takes at most 2^31 - 1 ms; a longer wait is a wait for the pass alone.
      const timer = Number.isFinite(milliseconds) && milliseconds < 2 ** 31 ? setTimeout(finish, Math.max(0, milliseconds)) : undefined;
      this.listeners.set(check, atOnce ? count : Infinity);
      if (atOnce) this.soonestWanted = Math.min(this.soonestWanted, count);
    });
  }

  /** Resolves at the pass's next report of progress (or its end). */
  nextProgress(milliseconds: number): Promise<void> {
    return this.waitFor(this.indexed + 1, milliseconds, false);
  }

  progress(): IndexProgress {
    return { indexed: this.indexed, complete: this.complete, expected: this.expected, bytesRead: this.bytesRead, totalBytes: this.totalBytes, error: this.error };
  }

  /** The sample kept from the pass, when it is one of the first records. */
  earlySample(index: number): { sample: Sample | undefined; issues: ValidationIssue[] } | undefined {
    return this.early.get(index);
  }

  /**
   * The issues the pass found in a record: kept ones as they are; otherwise those found again now, plus a
   * duplicate id (which only the pass, seeing every earlier record, can tell).
   */
  issuesOf(index: number, foundNow: readonly ValidationIssue[], sampleId: string | null): ValidationIssue[] {
    const stored = this.storedIssues.get(index);
    if (stored !== undefined) return stored;
    if (!this.withIssue.has(index)) return [...foundNow];
    const issues = [...foundNow];
    if (this.facets.issue.get('duplicate-id')?.has(index) === true && !issues.some((issue) => issue.code === 'duplicate-id')) {
      issues.push({ code: 'duplicate-id', severity: 'error', sampleId, index, message: `the id ${JSON.stringify(sampleId)} is used by an earlier record` });
    }
    return issues;
  }

  /** Whether an indexed record passes the filters (all but the text search). */
  matches(index: number, query: SampleQuery): boolean {
    if (query.source !== undefined && this.facets.source.get(query.source)?.has(index) !== true) return false;
    if (query.task !== undefined && this.facets.task.get(query.task)?.has(index) !== true) return false;
    if (query.turns !== undefined && this.turnCounts.get(index) !== query.turns) return false;
    if (query.image !== undefined && this.withImage.has(index) !== (query.image === 'yes')) return false;
    if (query.issue === 'any') return this.withIssue.has(index);
    if (query.issue === 'none') return !this.withIssue.has(index);
    if (query.issue !== undefined) return this.facets.issue.get(query.issue)?.has(index) === true;
    return true;
  }

  facetCounts(): DatasetInfo['facets'] {
    const counts = (facets: Map<string, Bitset>): FacetCount[] =>
      [...facets].map(([value, set]) => ({ value, count: set.count })).sort((left, right) => right.count - left.count || (left.value < right.value ? -1 : 1));
    return {
      source: counts(this.facets.source),
      task: counts(this.facets.task),
      turns: [...this.turnHistogram].sort(([left], [right]) => left - right).map(([turns, count]) => ({ value: String(turns), count })),
      image: [
        { value: 'yes', count: this.withImage.count },
        { value: 'no', count: this.indexed - this.withImage.count },
      ],
      issue: [{ value: 'any', count: this.withIssue.count }, { value: 'none', count: this.indexed - this.withIssue.count }, ...counts(this.facets.issue)],
    };
  }

  /** The statistics so far; recomputed at most once a second while the pass runs (the overlap matrix costs). */
  statisticsSoFar(): DatasetStatistics {
    const now = performance.now();
    const cached = this.statistics;
    if (cached !== undefined && (cached.indexed === this.indexed || (!this.complete && now - cached.at < 1000))) return cached.value;
    const value = this.collector.result();
    this.statistics = { indexed: this.indexed, at: now, value };
    return value;
  }

  /** The list rows of indexed records. */
  async summariesOf(indices: readonly number[]): Promise<SampleSummary[]> {
    const rows = await this.summaries.read(indices);
    return rows.map((row) => JSON.parse(row) as SampleSummary);
  }
}

function facetSet(facets: Map<string, Bitset>, value: string): Bitset {
  let set = facets.get(value);
  if (set === undefined) facets.set(value, (set = new Bitset()));
  return set;
}
