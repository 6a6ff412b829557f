import { numpyMean } from '../numpy-sum.js';
import { pythonFloat } from '../python-number.js';
import { pythonStrip } from '../python-text.js';
import type { Judge, JudgeItem, JudgeRunOptions, JudgeSettings, JudgeVerdict } from './judge.js';
import { MM_VET_GRADER_PROMPT, MM_VET_RETRY_SUFFIX } from './mm-vet-prompt.js';

/** The grader's request text: the few-shot table with one more row whose last cell is left for the judge. */
export function mmVetGraderPrompt(options: { question: string; groundTruth: string; prediction: string; retry?: boolean }): string {
  const groundTruth = options.groundTruth.replaceAll('<AND>', ' <AND> ').replaceAll('<OR>', ' <OR> ');
  const row = [options.question, groundTruth, options.prediction, ''].join(' | ');
  return `${MM_VET_GRADER_PROMPT}\n${row}${options.retry === true ? MM_VET_RETRY_SUFFIX : ''}`;
}

/**
 * A grader reply read as MM-Vet reads it: the text before the first space, stripped, as a Python float in
 * [0, 1]; `undefined` when it is not one (the grader then asks again).
 */
export function parseMmVetScore(content: string): number | undefined {
  const score = pythonFloat(pythonStrip(content.split(' ')[0]!));
  // NaN passes MM-Vet's range check (both comparisons are false), so it passes here too.
  if (score === undefined || score > 1 || score < 0) return undefined;
  return score;
}

const MAX_TOKENS = 3;
const LAST_TRY = 5;

/**
 * The MM-Vet grader (GPT-4 in the paper; any chat model here): temperature 0 and 3 tokens. A reply that is
 * not a score in [0, 1] is asked again with "Predict the correctness…" appended, the temperature rising
 * by 0.5 after each retry; after the fifth failed reply the reference sends one more request, ignores it
 * and scores 0. Both quirks are kept so that grades match the published ones request for request.
 */
export function createMmVetGrader(settings: JudgeSettings): Judge {
  const { client } = settings;
  async function ask(content: string, temperature: number, options: JudgeRunOptions | undefined): Promise<string> {
    const result = await client.chat({
      messages: [{ role: 'user', content }],
      ...(settings.model === undefined ? {} : { model: settings.model }),
      temperature,
      maxTokens: MAX_TOKENS,
      ...(options?.signal === undefined ? {} : { signal: options.signal }),
    });
    return result.text;
  }
  return {
    specificationVersion: 'v1',
    name: 'mm-vet',
    async judge(item: JudgeItem, options?: JudgeRunOptions): Promise<JudgeVerdict> {
      const row = { question: item.question, groundTruth: item.reference ?? '', prediction: item.prediction };
      let temperature = 0;
      let content = await ask(mmVetGraderPrompt(row), temperature, options);
      let requests = 1;
      for (let tries = 1; ; ) {
        const score = parseMmVetScore(content);
        // The grader keeps the reply's first word, not the whole reply.
        content = pythonStrip(content.split(' ')[0]!);
        if (score !== undefined) return { score, content, requests };
        content = await ask(mmVetGraderPrompt({ ...row, retry: true }), temperature, options);
        requests++;
        tries++;
        temperature += 0.5;
        if (tries > LAST_TRY) return { score: 0, content, requests };
      }
    },
    aggregate: (verdicts) => (numpyMean(verdicts.map((verdict) => verdict.score)) * 100),
  };
}
