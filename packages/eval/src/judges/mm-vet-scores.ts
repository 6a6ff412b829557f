import { MetricInputError } from '../eval-errors.js';
import { numpyMean } from '../numpy-sum.js';
import { numpyRound } from '../python-number.js';

/** One question's grades, one per grading run (the MM-Vet grade file's `score` list). */
export type MmVetGrades = { id: string; scores: readonly number[] };

export type MmVetScoresOptions = {
  /** In the grade file's order; sums follow it. */
  grades: readonly MmVetGrades[];
  /** Grading runs to use (default: the fewest any question has). */
  runs?: number;
  /** Each question's capabilities (`rec`, `ocr`, …) from mm-vet.json, for the per-capability columns. */
  capabilities?: ReadonlyMap<string, readonly string[]>;
  /** The benchmark's question count, which the totals divide by (default: the graded questions). */
  questionCount?: number;
  decimalPlaces?: number;
};

export type MmVetScores = {
  /** Mean over runs of 100 × the mean grade, rounded as MM-Vet rounds. */
  total: number;
  /** Standard deviation of the runs' totals (population, as numpy's default). */
  std: number;
  /** Each run's total. */
  runs: number[];
  /** Per capability and per capability combination (`rec_ocr`…), when capabilities are given. */
  capabilities: Record<string, number>;
  capabilityCombinations: Record<string, number>;
};

/**
 * MM-Vet's score table from its per-question grades, summed and rounded as its evaluator does (numpy
 * means and numpy rounding), so a released grade file gives its released total.
 */
export function mmVetScores(options: MmVetScoresOptions): MmVetScores {
  const { grades } = options;
  if (grades.length === 0) throw new MetricInputError({ metric: 'mm-vet', message: 'no grades', fix: 'give the grades of at least one question' });
  const runCount = options.runs ?? Math.min(...grades.map((grade) => grade.scores.length));
  const short = grades.find((grade) => grade.scores.length < runCount);
  if (short !== undefined || runCount < 1) {
    throw new MetricInputError({ metric: 'mm-vet', message: `question ${short?.id ?? grades[0]!.id} has fewer than ${runCount} grading runs`, fix: 'grade every question the same number of times' });
  }
  const places = options.decimalPlaces ?? 1;
  const count = options.questionCount ?? grades.length;
  const sums = new Map<string, number[]>([['total', new Array<number>(runCount).fill(0)]]);
  const combinationSums = new Map<string, number[]>();
  const counts = new Map<string, number>();
  const combinationCounts = new Map<string, number>();
  const add = (table: Map<string, number[]>, key: string, run: number, score: number) => {
    let row = table.get(key);
    if (row === undefined) table.set(key, (row = new Array<number>(runCount).fill(0)));
    row[run]! += score;
  };
  for (const grade of grades) {
    const capabilities = options.capabilities?.get(grade.id);
    const unique = capabilities === undefined ? [] : [...new Set(capabilities)];
    const combination = unique.join('_');
    if (capabilities !== undefined) {
      for (const capability of unique) counts.set(capability, (counts.get(capability) ?? 0) + 1);
      combinationCounts.set(combination, (combinationCounts.get(combination) ?? 0) + 1);
    }
    for (let run = 0; run < runCount; run++) {
      const score = grade.scores[run]!;
      add(sums, 'total', run, score);
      if (capabilities === undefined) continue;
      for (const capability of unique) add(sums, capability, run, score);
      add(combinationSums, combination, run, score);
    }
  }
  const percent = (row: number[], divisor: number) => row.map((sum) => (sum / divisor) * 100);
  const totals = percent(sums.get('total')!, count);
  const mean = numpyMean(totals);
  const std = Math.sqrt(numpyMean(totals.map((total) => (total - mean) ** 2)));
  const table = (source: Map<string, number[]>, divisors: Map<string, number>) =>
    Object.fromEntries([...source].filter(([key]) => key !== 'total').map(([key, row]) => [key, numpyRound(numpyMean(percent(row, divisors.get(key)!)), places)]));
  return {
    total: numpyRound(mean, places),
    std: numpyRound(std, places),
    runs: totals.map((total) => numpyRound(total, places)),
    capabilities: table(sums, counts),
    capabilityCombinations: table(combinationSums, combinationCounts),
  };
}
