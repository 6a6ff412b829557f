import type { LengthSummary } from './dataset-statistics.js';

/**
 * Counts of whole-number lengths (words per answer). Lengths are small and repeat, so a count per
 * distinct length gives exact percentiles in memory bounded by the longest answer, not by the stream.
 */
export class LengthHistogram {
  private readonly counts = new Map<number, number>();
  private total = 0;
  private sum = 0;

  add(length: number): void {
    this.counts.set(length, (this.counts.get(length) ?? 0) + 1);
    this.total++;
    this.sum += length;
  }

  summary(): LengthSummary {
    if (this.total === 0) return { count: 0, mean: 0, p50: 0, p90: 0, max: 0 };
    const lengths = [...this.counts.keys()].sort((left, right) => left - right);
    return {
      count: this.total,
      mean: this.sum / this.total,
      p50: this.percentile(lengths, 0.5),
      p90: this.percentile(lengths, 0.9),
      max: lengths[lengths.length - 1]!,
    };
  }

  /** Nearest rank: the smallest length with at least ⌈fraction × count⌉ values at or below it. */
  private percentile(sortedLengths: readonly number[], fraction: number): number {
    const rank = Math.max(1, Math.ceil(fraction * this.total));
    let seen = 0;
    for (const length of sortedLengths) {
      seen += this.counts.get(length)!;
      if (seen >= rank) return length;
    }
    return sortedLengths[sortedLengths.length - 1]!;
  }
}
