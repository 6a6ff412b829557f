import { MetricInputError } from '../eval-errors.js';
import { pythonFloat } from '../python-number.js';
import type { Judge, JudgeItem, JudgeRunOptions, JudgeSettings, JudgeVerdict } from './judge.js';
import { LLAVA_BENCH_RULE, LLAVA_BENCH_SYSTEM_MESSAGE } from './llava-bench-rule.js';
import { llavaBenchRelativeScore } from './llava-bench-scores.js';

export type LlavaBenchReviewRule = { role: string; prompt: string };

/** The review request: context, question, both answers (the reference first) and the rule. */
export function llavaBenchReviewPrompt(options: { context: string | readonly string[]; question: string; answer1: string; answer2: string; rule?: LlavaBenchReviewRule }): string {
  const { role, prompt } = options.rule ?? LLAVA_BENCH_RULE;
  const context = typeof options.context === 'string' ? options.context : options.context.join('\n');
  return (
    `[Context]\n${context}\n\n` +
    `[Question]\n${options.question}\n\n` +
    `[${role} 1]\n${options.answer1}\n\n[End of ${role} 1]\n\n` +
    `[${role} 2]\n${options.answer2}\n\n[End of ${role} 2]\n\n` +
    `[System]\n${prompt}\n\n`
  );
}

/**
 * The two scores on a review's first line, read as LLaVA reads them (commas become spaces, the line split
 * on single spaces must give exactly two numbers); `[-1, -1]` otherwise, which LLaVA keeps and averages.
 */
export function parseLlavaBenchScores(review: string): [number, number] {
  const words = review.split('\n')[0]!.replaceAll(',', ' ').split(' ');
  if (words.length !== 2) return [-1, -1];
  const first = pythonFloat(words[0]!);
  const second = pythonFloat(words[1]!);
  return first === undefined || second === undefined ? [-1, -1] : [first, second];
}

const MAX_TOKENS = 1024;
const TEMPERATURE = 0.2;

/**
 * The LLaVA-Bench reviewer: a text-only judge reads the image description, the question, the reference
 * answer (GPT-4's, Assistant 1) and the model's (Assistant 2), and scores both 1–10 at temperature 0.2.
 * The verdict's `score` is the model's, `referenceScore` the reference's; `aggregate` is the relative
 * score, 100 × mean(model) / mean(reference).
 */
export function createLlavaBenchReviewer(settings: JudgeSettings & { rule?: LlavaBenchReviewRule }): Judge {
  return {
    specificationVersion: 'v1',
    name: 'llava-bench',
    async judge(item: JudgeItem, options?: JudgeRunOptions): Promise<JudgeVerdict> {
      if (item.reference === undefined || item.context === undefined) {
        throw new MetricInputError({ metric: 'llava-bench', message: `item ${JSON.stringify(item.id)}: the reviewer needs a reference answer and an image description`, fix: 'give the benchmark its reference answers and context file' });
      }
      const content = llavaBenchReviewPrompt({ context: item.context, question: item.question, answer1: item.reference, answer2: item.prediction, ...(settings.rule === undefined ? {} : { rule: settings.rule }) });
      const result = await settings.client.chat({
        messages: [
          { role: 'system', content: LLAVA_BENCH_SYSTEM_MESSAGE },
          { role: 'user', content },
        ],
        ...(settings.model === undefined ? {} : { model: settings.model }),
        temperature: TEMPERATURE,
        maxTokens: MAX_TOKENS,
        ...(options?.signal === undefined ? {} : { signal: options.signal }),
      });
      const [referenceScore, score] = parseLlavaBenchScores(result.text);
      return { score, referenceScore, content: result.text, requests: 1 };
    },
    aggregate: (verdicts) => llavaBenchRelativeScore(verdicts.map((verdict) => [verdict.referenceScore ?? -1, verdict.score] as const)).relative,
  };
}
