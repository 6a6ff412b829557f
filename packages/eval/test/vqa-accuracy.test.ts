import { describe, expect, it } from 'vitest';
import { DuplicateIdError, MissingPredictionError, normalizeVqaAnswer, vqaAccuracy, vqaProcessDigitArticle, vqaProcessPunctuation, type VqaAnnotation } from '../src/index.js';
import { evalFixture, fixtureJson } from './fixtures.js';

type RawAnnotation = { question_id: number; question_type: string; answer_type: string; answers: { answer: string; answer_id: number }[] };
type Computed = {
  predictions: { question_id: number; answer: string }[];
  extra_annotations: RawAnnotation[];
  official: { overall: number; perAnswerType: Record<string, number>; perQuestionType: Record<string, number>; accuracy_unrounded: Record<string, number> };
};

// 100 real VQA v2 val annotations plus 13 written to probe the normalisation rules, with predictions
// written for them; the expected numbers are what the official vqaEval.py computed (fixtures/SOURCES.md).
const computed = fixtureJson<Computed>(evalFixture('vqa/vqa-official-computed.json'));
const real = fixtureJson<{ annotations: RawAnnotation[] }>(evalFixture('vqa/v2_mscoco_val2014_annotations.json_samples.json')).annotations;
const annotations: VqaAnnotation[] = [...real, ...computed.extra_annotations].map((annotation) => ({
  questionId: annotation.question_id,
  answers: annotation.answers,
  questionType: annotation.question_type,
  answerType: annotation.answer_type,
}));
const predictions = computed.predictions.map((prediction) => ({ questionId: prediction.question_id, answer: prediction.answer }));

describe('VQA accuracy against the official evaluation', () => {
  const result = vqaAccuracy({ predictions, annotations });

  it('gives each question the official accuracy, to the bit', () => {
    expect(result.perQuestion).toHaveLength(113);
    for (const question of result.perQuestion) expect(question.accuracy).toBe(computed.official.accuracy_unrounded[String(question.questionId)]);
  });

  it('gives the official overall and per-type accuracies (100×, 2 decimals)', () => {
    const percent = (value: number): number => Math.round(100 * value * 100) / 100;
    expect(percent(result.accuracy)).toBe(computed.official.overall);
    for (const [type, value] of Object.entries(computed.official.perAnswerType)) expect(percent(result.perAnswerType[type]!)).toBe(value);
    for (const [type, value] of Object.entries(computed.official.perQuestionType)) expect(percent(result.perQuestionType[type]!)).toBe(value);
  });

  it('normalises only when the humans disagree, as the official script does', () => {
    const byId = new Map(result.perQuestion.map((question) => [question.questionId, question.accuracy]));
    expect(byId.get(1)).toBe(0); // ten times "2", prediction "two": no normalisation, no match
    expect(byId.get(2)).toBe(1); // nine "2" and one "3": "two" becomes "2"
    expect(byId.get(13)).toBe(0); // only the first 32 periods are removed
  });
});

describe('VQA answer normalisation', () => {
  it('follows the official punctuation, number, article and contraction rules', () => {
    expect(normalizeVqaAnswer('The Two dogs!')).toBe('2 dogs');
    expect(normalizeVqaAnswer('dont know')).toBe("don't know");
    expect(normalizeVqaAnswer('red/white')).toBe('red white');
    expect(normalizeVqaAnswer('1,000')).toBe('1000');
    expect(normalizeVqaAnswer('3.5 m.')).toBe('3.5 m');
    expect(normalizeVqaAnswer(' yes\n')).toBe('yes');
    expect(vqaProcessPunctuation('t-shirt')).toBe('t shirt');
    expect(vqaProcessPunctuation('- shirt')).toBe(' shirt');
    expect(vqaProcessDigitArticle('an apple and a pear')).toBe('apple and pear');
  });

  it('gives min(1, matches/3) averaged over the ten leave-one-out rounds', () => {
    const answers = ['cat', 'cat', 'dog', 'dog', 'dog', 'dog', 'dog', 'dog', 'dog', 'dog'];
    const score = (answer: string) => vqaAccuracy({ annotations: [{ questionId: 1, answers }], predictions: [{ questionId: 1, answer }] }).accuracy;
    // "cat": 8 rounds see 2 matches (2/3), 2 rounds see 1 (1/3): (8·2/3 + 2·1/3)/10 = 0.6.
    expect(score('cat')).toBeCloseTo(0.6, 15);
    expect(score('dog')).toBe(1);
    expect(score('bird')).toBe(0);
  });

  it('refuses a missing or duplicate prediction', () => {
    expect(() => vqaAccuracy({ annotations: annotations.slice(0, 2), predictions: predictions.slice(0, 1) })).toThrow(MissingPredictionError);
    expect(() => vqaAccuracy({ annotations: annotations.slice(0, 1), predictions: [predictions[0]!, predictions[0]!] })).toThrow(DuplicateIdError);
  });
});
