import { describe, expect, it } from 'vitest';
import { bleu, ciderD, MetricInputError, rougeL, type CaptionExample } from '../src/index.js';
import { evalFixture, fixtureJson, fixtureLines } from './fixtures.js';

// Maluuba/nlg-eval's example files and the scores its README and tests print for them (pycocoevalcap's
// scorers, whitespace tokens).
const hypotheses = fixtureLines(evalFixture('nlg-eval/hyp.txt'));
const firstReferences = fixtureLines(evalFixture('nlg-eval/ref1.txt'));
const secondReferences = fixtureLines(evalFixture('nlg-eval/ref2.txt'));
const nlgExamples: CaptionExample[] = hypotheses.map((hypothesis, index) => ({
  id: index,
  candidate: hypothesis.trim(),
  references: [firstReferences[index]!.trim(), secondReferences[index]!.trim()],
}));

/** Published numbers are printed to 6 or 7 digits, some truncated rather than rounded: agree within 1e-6. */
const expectNear = (actual: number | undefined, expected: number): void => expect(Math.abs(actual! - expected)).toBeLessThan(1e-6);

describe('nlg-eval published scores', () => {
  it('BLEU-1..4 are 0.550000, 0.428174, 0.284043, 0.201143', () => {
    const result = bleu({ examples: nlgExamples });
    [0.55, 0.428174, 0.284043, 0.201143].forEach((expected, order) => expectNear(result.scores[order], expected));
  });

  it('ROUGE-L is 0.522104 and CIDEr 1.242192', () => {
    expectNear(rougeL({ examples: nlgExamples }).score, 0.522104);
    expectNear(ciderD({ examples: nlgExamples }).score, 1.242192);
  });

  it('gives the printed single-pair scores, CIDEr 0 for one image (no document frequencies to learn from)', () => {
    const examples = [{ id: 'pair', candidate: 'this is a good test', references: ['this is a test', 'this is also a test'] }];
    const result = bleu({ examples });
    expectNear(result.scores[0], 0.8);
    expectNear(result.scores[1], 0.632455);
    expectNear(result.scores[2], 0.5108729);
    expect(result.scores[3]).toBeCloseTo(0.0000903602, 10);
    expectNear(rougeL({ examples }).score, 0.9070631);
    expect(ciderD({ examples }).score).toBe(0);
  });

  it('keeps the reference guards: BLEU is 0.55 - 2.75e-11, not 0.55, because of the 1e-9 smoothing', () => {
    expect(bleu({ examples: nlgExamples }).scores[0]).toBe(0.5499999999725);
  });
});

type StoredImage = { image_id: number; res: string[]; gts: string[]; Bleu_1: number; Bleu_2: number; Bleu_3: number; Bleu_4: number; CIDEr: number; ROUGE_L: number };
type StoredSet = { scores: Record<string, number>; per_image: StoredImage[] };
const stored = fixtureJson<Record<string, StoredSet>>(evalFixture('pycocoevalcap-computed/coco-mini_leave-one-out_scores.json'));

describe.each(['coco-mini_val2017_79img', 'coco-mini_val2017_7img'])('pycocoevalcap values on %s (leave-one-out, stored tokens)', (name) => {
  const set = stored[name]!;
  const examples = set.per_image.map((image) => ({ id: image.image_id, candidate: image.res[0]!, references: image.gts }));

  it('gives every per-image and corpus BLEU', () => {
    const result = bleu({ examples });
    set.per_image.forEach((image, index) => {
      [image.Bleu_1, image.Bleu_2, image.Bleu_3, image.Bleu_4].forEach((expected, order) => expect(result.perImage[index]!.scores[order]).toBeCloseTo(expected, 12));
    });
    [1, 2, 3, 4].forEach((order) => expect(result.scores[order - 1]).toBeCloseTo(set.scores[`Bleu_${order}`]!, 12));
  });

  it('gives every per-image and corpus ROUGE-L and CIDEr-D', () => {
    const rouge = rougeL({ examples });
    const cider = ciderD({ examples });
    set.per_image.forEach((image, index) => {
      expect(rouge.perImage[index]).toEqual({ id: image.image_id, score: expect.closeTo(image.ROUGE_L, 12) });
      expect(cider.perImage[index]).toEqual({ id: image.image_id, score: expect.closeTo(image.CIDEr, 12) });
    });
    // The corpus means are summed pairwise, as numpy sums: these agree to the last bit.
    expect(rouge.score).toBe(set.scores.ROUGE_L);
    expect(cider.score).toBe(set.scores.CIDEr);
  });
});

describe('reference rules', () => {
  it('takes the closest reference length, the shorter one on a tie', () => {
    // Candidate of 4 words, references of 3 and 5 words: "closest" is a tie, broken toward 3.
    const result = bleu({ examples: [{ id: 1, candidate: 'a b c d', references: ['a b c', 'a b c d e'] }] });
    expect(result.referenceLength).toBe(3);
    expect(result.testLength).toBe(4);
    expect(result.correct).toEqual([4, 3, 2, 1]);
    expect(result.guess).toEqual([4, 3, 2, 1]);
  });

  it('clips counts by the largest count in any one reference', () => {
    const result = bleu({ examples: [{ id: 1, candidate: 'the the the the', references: ['the cat', 'the the dog'] }] });
    expect(result.correct[0]).toBe(2);
  });

  it('splits ROUGE-L tokens on single spaces as the reference does (two spaces make an empty token)', () => {
    const single = rougeL({ examples: [{ id: 1, candidate: 'a b', references: ['a b'] }] });
    const double = rougeL({ examples: [{ id: 1, candidate: 'a  b', references: ['a b'] }] });
    expect(single.score).toBe(1);
    expect(double.score).toBeLessThan(1);
  });

  it('measures CIDEr-D length in bigrams: a one-word and an empty candidate get no length penalty difference', () => {
    const examples = (candidate: string) => [
      { id: 1, candidate, references: ['dog'] },
      { id: 2, candidate: 'a cat', references: ['a cat sits'] },
    ];
    expect(ciderD({ examples: examples('dog') }).perImage[0]!.score).toBeGreaterThan(0);
    expect(ciderD({ examples: examples('') }).perImage[0]!.score).toBe(0);
  });

  it('refuses what the reference scorers assert against', () => {
    expect(() => bleu({ examples: [] })).toThrow(MetricInputError);
    expect(() => ciderD({ examples: [{ id: 'x', candidate: 'a', references: [] }] })).toThrow('cider-d: record 0 (id "x"): no reference captions');
    expect(() => rougeL({ examples: [{ id: 'x', candidate: 3 as unknown as string, references: ['a'] }] })).toThrow(/candidate is not a string/);
  });
});
