import { describe, expect, it } from 'vitest';
import { matchMmeAnswers, MetricInputError, mme, mmeQuestionFromPrompt, parseMmeAnswer } from '../src/index.js';
import { readLlavaAnswers, readMmeQuestions, readMmeResults } from '../src/node/index.js';
import { evalFixture } from './fixtures.js';

describe('MME with LLaVA-1.5-13B released answers', async () => {
  const questions = await readMmeQuestions(evalFixture('mme-eval-tool/Your_Results'));
  const answers = await readLlavaAnswers(evalFixture('llava-v1.5-eval/MME/answers/llava-v1.5-13b.jsonl'));
  const rows = matchMmeAnswers({ questions, answers });
  const result = mme({ rows });

  it('matches every answer to its ground-truth question as convert_answer_to_mme.py does', () => {
    expect(questions).toHaveLength(2374);
    expect(rows).toHaveLength(2374);
    expect(new Set(rows.map((row) => `${row.category}/${row.image}/${row.question}`)).size).toBe(2374);
  });

  it('reproduces the published MME perception score of LLaVA-1.5-13B, 1531.3', () => {
    expect(result.perception).toBe(1531.3187274909965);
    expect(result.perception.toFixed(1)).toBe('1531.3');
    expect(result.cognition).toBe(295.3571428571429);
    expect(result.missing).toEqual([]);
  });

  it('gives the subtask scores the evaluation tool prints', () => {
    const scores = Object.fromEntries(Object.entries(result.subtasks).map(([name, subtask]) => [name, subtask.score]));
    expect(scores).toEqual({
      existence: 185,
      count: 155,
      position: 133.33333333333334,
      color: 170,
      posters: 160.54421768707482,
      celebrity: 152.94117647058823,
      scene: 161.25,
      landmark: 170.5,
      artwork: 117.75,
      OCR: 125,
      commonsense_reasoning: 127.85714285714286,
      numerical_calculation: 42.5,
      text_translation: 77.5,
      code_reasoning: 47.5,
    });
    expect(result.subtasks.existence).toMatchObject({ questions: 60, images: 30 });
  });
});

describe('MME tool files', () => {
  it('scores the tool example (LaVIN) as calculation.py does', async () => {
    const result = mme({ rows: await readMmeResults(evalFixture('mme-eval-tool/LaVIN')) });
    expect(result.perception).toBe(963.6114445778312);
    expect(result.cognition).toBe(249.64285714285714);
    expect(result.subtasks.count!.score).toBe(88.33333333333334);
    expect(result.subtasks.OCR!.score).toBe(107.5);
  });
});

describe('MME rules', () => {
  it('reads answers by their first four characters', () => {
    expect(parseMmeAnswer('Yes')).toBe('yes');
    expect(parseMmeAnswer('No, it is not.')).toBe('no');
    expect(parseMmeAnswer('not sure')).toBe('no');
    expect(parseMmeAnswer('The answer is yes')).toBe('other');
    expect(parseMmeAnswer('I think yes')).toBe('other');
  });

  it('gives accuracy+ only for images with both questions right', () => {
    const row = (image: string, answer: string, prediction: string) => ({ category: 'color', image, question: `${image}?`, answer, prediction });
    const result = mme({ rows: [row('a', 'Yes', 'yes'), row('a', 'No', 'no'), row('b', 'Yes', 'yes'), row('b', 'No', 'yes')] });
    expect(result.subtasks.color).toMatchObject({ accuracy: 0.75, accuracyPlus: 0.5, score: 125, questions: 4, images: 2 });
    expect(result.perception).toBe(125);
    expect(result.missing).toHaveLength(13);
  });

  it('turns LLaVA prompts back into MME questions', () => {
    expect(mmeQuestionFromPrompt('Is there a cat?\nAnswer the question using a single word or phrase.')).toBe('Is there a cat? Please answer yes or no.');
    expect(mmeQuestionFromPrompt('Is there a cat? Please answer yes or no.')).toBe('Is there a cat? Please answer yes or no.');
  });

  it('names an answer without a ground-truth question, and a ground truth that is not yes or no', () => {
    const call = () =>
      matchMmeAnswers({ questions: [], answers: [{ questionId: 'color/1.jpg', prompt: 'Is it red?', text: 'Yes' }], file: 'answers.jsonl' });
    expect(call).toThrow(MetricInputError);
    expect(call).toThrow('mme: answers.jsonl: record 0 (id "color/1.jpg"): no ground-truth question "Is it red? Please answer yes or no." for this image');
    expect(() => mme({ rows: [{ category: 'color', image: 'a', question: 'q', answer: 'maybe', prediction: 'yes' }] })).toThrow(
      'mme: record 0: the ground truth of color/a is "maybe", not Yes or No',
    );
  });
});
