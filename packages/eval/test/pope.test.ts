import { describe, expect, it } from 'vitest';
import { MetricInputError, parsePopeAnswer, pope } from '../src/index.js';
import { readLlavaAnswers, readLlavaPopeAnnotations } from '../src/node/index.js';
import { evalFixture } from './fixtures.js';

describe('POPE with LLaVA-1.5-13B released answers', async () => {
  const annotations = await readLlavaPopeAnnotations({
    questionFile: evalFixture('llava-v1.5-eval/pope/llava_pope_test.jsonl'),
    annotationFolder: evalFixture('pope'),
  });
  const predictions = await readLlavaAnswers(evalFixture('llava-v1.5-eval/pope/answers/llava-v1.5-13b.jsonl'));
  const result = pope({ annotations, predictions });

  it('counts what eval_pope.py prints per category', () => {
    expect(Object.keys(result.categories)).toEqual(['adversarial', 'popular', 'random']);
    expect(result.categories.adversarial).toMatchObject({ count: 3000, truePositives: 1182, falsePositives: 117, trueNegatives: 1383, falseNegatives: 318 });
    expect(result.categories.random).toMatchObject({ count: 2910, truePositives: 1182, falsePositives: 31, trueNegatives: 1379, falseNegatives: 318 });
    expect(result.categories.popular).toMatchObject({ count: 3000, truePositives: 1182, falsePositives: 59, trueNegatives: 1441, falseNegatives: 318 });
  });

  it('gives the scores eval_pope.py prints, to the bit', () => {
    expect(result.categories.adversarial).toMatchObject({ accuracy: 0.855, precision: 0.9099307159353349, recall: 0.788, f1: 0.8445873526259379, yesRatio: 0.433 });
    expect(result.categories.random).toMatchObject({ accuracy: 0.8800687285223368, precision: 0.9744435284418796, f1: 0.8713601179506082, yesRatio: 0.4168384879725086 });
    expect(result.categories.popular).toMatchObject({ accuracy: 0.8743333333333333, precision: 0.9524576954069299, f1: 0.8624589565851879, yesRatio: 0.4136666666666667 });
  });

  it('reproduces the published POPE score of LLaVA-1.5-13B: F1 85.9 averaged over the three categories', () => {
    expect(result.categoryMean.f1).toBeCloseTo(0.8594688090539112, 15);
    expect((100 * result.categoryMean.f1).toFixed(1)).toBe('85.9');
    expect(result.overall.count).toBe(8910);
  });
});

describe('POPE answer parsing', () => {
  it('reads the first sentence: "no", "No" or "not" as a word means no, anything else yes', () => {
    expect(parsePopeAnswer('No')).toBe('no');
    expect(parsePopeAnswer('Yes')).toBe('yes');
    expect(parsePopeAnswer('There is not a dog.')).toBe('no');
    expect(parsePopeAnswer('Yes. There is no cat.')).toBe('yes');
    expect(parsePopeAnswer('No, there is none')).toBe('no');
    expect(parsePopeAnswer('NO')).toBe('yes');
    expect(parsePopeAnswer('Nope')).toBe('yes');
    expect(parsePopeAnswer('')).toBe('yes');
  });

  it('refuses labels other than yes and no', () => {
    const call = () => pope({ annotations: [{ questionId: 7, label: 'Yes' as 'yes' }], predictions: [{ questionId: 7, text: 'Yes' }], files: { annotations: 'labels.jsonl' } });
    expect(call).toThrow(MetricInputError);
    expect(call).toThrow('pope: labels.jsonl: record 0 (id 7): the label is "Yes", not "yes" or "no"');
  });

  it('gives 0 where the script would divide by zero', () => {
    const result = pope({ annotations: [{ questionId: 1, label: 'yes' }], predictions: [{ questionId: 1, text: 'no' }] });
    expect(result.overall).toMatchObject({ precision: 0, recall: 0, f1: 0, accuracy: 0, yesRatio: 0 });
  });
});
