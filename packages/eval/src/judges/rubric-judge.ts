import { MetricInputError } from '../eval-errors.js';
import { numpyMean } from '../numpy-sum.js';
import type { Judge, JudgeItem, JudgeRunOptions, JudgeSettings, JudgeVerdict } from './judge.js';

export type RubricJudgeSettings = JudgeSettings & {
  /** What a good answer does, in the judge's words; shown to it above the answer. */
  rubric: string;
  /** The score range (default 1–10). `aggregate` maps it onto 0–100. */
  minimum?: number;
  maximum?: number;
  /** Asks again this many times when a reply holds no score in range (default 2). */
  retries?: number;
  temperature?: number;
  name?: string;
};

const SCORE_LINE = /^\s*(?:\*\*)?score(?:\*\*)?\s*[:=]\s*(?:\*\*)?\s*(-?\d+(?:\.\d+)?)/im;

/** The number after `Score:` in a reply, or `undefined` when there is none. */
export function parseRubricScore(reply: string): number | undefined {
  const match = SCORE_LINE.exec(reply);
  return match === null ? undefined : Number(match[1]);
}

function rubricPrompt(settings: RubricJudgeSettings, item: JudgeItem, minimum: number, maximum: number): string {
  const parts = [`You grade an AI assistant's answer to a question about an image.`, `Rubric:\n${settings.rubric}`];
  if (item.context !== undefined) parts.push(`Image description:\n${item.context}`);
  parts.push(`Question:\n${item.question}`);
  if (item.reference !== undefined) parts.push(`Reference answer:\n${item.reference}`);
  parts.push(`Answer to grade:\n${item.prediction}`);
  parts.push(`Reply with one line "Score: N", N a number from ${minimum} to ${maximum}, then one short paragraph of reasons.`);
  return parts.join('\n\n');
}

/**
 * A judge for any rubric: asks for `Score: N` on the given range at temperature 0 and asks again (with a
 * reminder) when the reply has none; a verdict that never parses is an error naming the item.
 */
export function createRubricJudge(settings: RubricJudgeSettings): Judge {
  const minimum = settings.minimum ?? 1;
  const maximum = settings.maximum ?? 10;
  if (!(maximum > minimum)) throw new MetricInputError({ metric: 'rubric', message: `the score range ${minimum}–${maximum} is empty`, fix: 'give a maximum above the minimum' });
  const retries = settings.retries ?? 2;
  const name = settings.name ?? 'rubric';
  return {
    specificationVersion: 'v1',
    name,
    async judge(item: JudgeItem, options?: JudgeRunOptions): Promise<JudgeVerdict> {
      const prompt = rubricPrompt(settings, item, minimum, maximum);
      let last = '';
      for (let attempt = 0; attempt <= retries; attempt++) {
        const reminder = attempt === 0 ? '' : `\n\nYour previous reply had no "Score: N" line with N from ${minimum} to ${maximum}. Start with that line.`;
        const result = await settings.client.chat({
          messages: [{ role: 'user', content: prompt + reminder }],
          ...(settings.model === undefined ? {} : { model: settings.model }),
          temperature: settings.temperature ?? 0,
          ...(options?.signal === undefined ? {} : { signal: options.signal }),
        });
        last = result.text;
        const score = parseRubricScore(last);
        if (score !== undefined && score >= minimum && score <= maximum) return { score, content: last, requests: attempt + 1 };
      }
      throw new MetricInputError({
        metric: name,
        message: `item ${JSON.stringify(item.id)}: the judge gave no score in ${minimum}–${maximum} after ${retries + 1} replies (last: ${JSON.stringify(last.slice(0, 80))})`,
        fix: 'use a stronger judge model, or more retries',
      });
    },
    aggregate: (verdicts) => numpyMean(verdicts.map((verdict) => (verdict.score - minimum) / (maximum - minimum))) * 100,
  };
}
