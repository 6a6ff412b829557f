import { describe, expect, it } from 'vitest';
import { llavaBenchMeanOfRuns, llavaBenchScores, mmVetScores, type LlavaBenchReview } from '../src/index.js';
import { evalFixture, fixtureJson, fixtureLines } from './fixtures.js';

type GradeFile = Record<string, { model: string[]; content: string[]; score: number[] }>;
const gradesOf = (file: string) => Object.entries(fixtureJson<GradeFile>(evalFixture(file))).map(([id, grade]) => ({ id, scores: grade.score }));
const csvRow = (file: string) => {
  const [header, row] = fixtureLines(evalFixture(file));
  const names = header!.split(',');
  const values = row!.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, ''));
  return Object.fromEntries(names.map((name, index) => [name, values[index]!]));
};

describe('MM-Vet totals from the released GPT-4 grades of LLaVA-1.5-13B', () => {
  const results = 'llava-v1.5-eval/mm-vet/results/';

  it('one grading run gives the published total, 36.1, as the evaluator wrote it', () => {
    const scores = mmVetScores({ grades: gradesOf(`${results}llava-v1.5-13b_gpt-4-grade-1runs.json`) });
    const published = csvRow(`${results}llava-v1.5-13b_gpt-4-cap-score-1runs.csv`);
    expect(scores.total).toBe(Number(published.total));
    expect(scores.total).toBe(36.1);
    expect(scores.std).toBe(Number(published.std));
    expect(scores.runs).toEqual(JSON.parse(published.runs!));
  });

  it('three grading runs give the evaluator’s mean, standard deviation and per-run totals', () => {
    const scores = mmVetScores({ grades: gradesOf(`${results}llava-v1.5-13b_gpt-4-grade-3runs.json`) });
    const published = csvRow(`${results}llava-v1.5-13b_gpt-4-cap-score-3runs.csv`);
    expect(scores.total).toBe(Number(published.total));
    expect(scores.std).toBe(Number(published.std));
    expect(scores.runs).toEqual(JSON.parse(published.runs!));
    expect(scores.runs).toEqual([36.1, 36.5, 36.3]);
  });

  it('gives per-capability means when capabilities are known, and refuses uneven runs', () => {
    const grades = [{ id: 'a', scores: [1, 0.5] }, { id: 'b', scores: [0, 0.5] }, { id: 'c', scores: [0.5, 0.5] }];
    const capabilities = new Map([['a', ['rec']], ['b', ['rec', 'ocr']], ['c', ['ocr']]]);
    const scores = mmVetScores({ grades, capabilities });
    expect(scores.capabilities).toEqual({ rec: 50, ocr: 37.5 });
    expect(scores.capabilityCombinations).toEqual({ rec: 75, rec_ocr: 25, ocr: 50 });
    expect(scores.total).toBe(50);
    expect(() => mmVetScores({ grades: [...grades, { id: 'd', scores: [1] }], runs: 2 })).toThrow('question d has fewer than 2 grading runs');
  });
});

describe('LLaVA-Bench (in-the-wild) from the released GPT-4 reviews', () => {
  const reviewsOf = (model: string, run: number): LlavaBenchReview[] =>
    fixtureLines(evalFixture(`llava-v1.5-eval/llava-bench-in-the-wild/reviews/llava-v1.5-${model}-eval${run}.jsonl`)).map((line) => {
      const review = JSON.parse(line) as { question_id: number; category: string; tuple: [number, number] };
      return { questionId: review.question_id, category: review.category, tuple: review.tuple };
    });

  it('LLaVA-1.5-13B: the three review runs average to the published 72.5', () => {
    const runs = [1, 2, 3].map((run) => llavaBenchScores({ reviews: reviewsOf('13b', run) }));
    expect(runs.map((run) => run.all!.relative)).toEqual([72.8, 72.7, 72.1]);
    expect(llavaBenchMeanOfRuns(runs)).toBe(72.5);
  });

  it('LLaVA-1.5-7B: the published 65.4', () => {
    const runs = [1, 2, 3].map((run) => llavaBenchScores({ reviews: reviewsOf('7b', run) }));
    expect(llavaBenchMeanOfRuns(runs)).toBe(65.4);
  });

  it('prints per category what summarize_gpt_review.py prints (sorted, with both ×10 means)', () => {
    const scores = llavaBenchScores({ reviews: reviewsOf('13b', 1) });
    expect(Object.keys(scores)).toEqual(['all', 'llava_bench_complex', 'llava_bench_conv', 'llava_bench_detail']);
    expect(scores.llava_bench_detail).toMatchObject({ relative: 52.6, count: 15 });
    expect(scores.all!.count).toBe(60);
    const ignored = llavaBenchScores({ reviews: reviewsOf('13b', 1), ignore: [0, 1] });
    expect(ignored.all!.count).toBe(58);
  });
});
