import { MetricInputError } from '../eval-errors.js';
import type { BenchmarkQuestion } from './benchmark-question.js';
import { DEFAULT_DISTRACTOR_QUESTIONS } from './distractor-turns.js';

export const protocolNames = ['single', 'chained', 'distractor'] as const;
export type ProtocolName = (typeof protocolNames)[number];

/** A turn to ask: a benchmark question (scored) or a distractor (answered, kept in the history, not scored). */
export type PlannedTurn = { question: string; questionId?: string | number };
export type PlannedDialog = { id: string; image?: string; turns: PlannedTurn[] };

export type PlanDialogsOptions = {
  questions: readonly BenchmarkQuestion[];
  protocol: ProtocolName;
  /** Distractor protocol: turns before each question (default 2) and the pool they come from. */
  distractorTurns?: number;
  distractorQuestions?: readonly string[];
  /** Text added after every benchmark question (e.g. a benchmark's answer-format instruction). */
  questionSuffix?: string;
};

// FNV-1a, so the distractors chosen for a question depend only on its id, not on run order or limits.
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return value;
}

/**
 * The dialogs one protocol asks. `single`: each question alone. `chained`: all questions about one image
 * in one dialog, in benchmark order, the model's own answers kept. `distractor`: each question after
 * templated short-answer turns on the same image.
 */
export function planDialogs(options: PlanDialogsOptions): PlannedDialog[] {
  const suffix = options.questionSuffix ?? '';
  const asked = (question: BenchmarkQuestion): PlannedTurn => ({ question: question.question + suffix, questionId: question.id });
  const withImage = (question: BenchmarkQuestion) => (question.image === undefined ? {} : { image: question.image });
  switch (options.protocol) {
    case 'single':
      return options.questions.map((question) => ({ id: `q${String(question.id)}`, ...withImage(question), turns: [asked(question)] }));
    case 'chained': {
      const byImage = new Map<string, BenchmarkQuestion[]>();
      for (const question of options.questions) {
        // Text-only questions have no image to share, so each stays alone.
        const key = question.image ?? `\u0000${String(question.id)}`;
        byImage.set(key, [...(byImage.get(key) ?? []), question]);
      }
      return [...byImage.values()].map((group) => ({ id: `image:${group[0]!.image ?? `q${String(group[0]!.id)}`}`, ...withImage(group[0]!), turns: group.map(asked) }));
    }
    case 'distractor': {
      const pool = options.distractorQuestions ?? DEFAULT_DISTRACTOR_QUESTIONS;
      const count = options.distractorTurns ?? 2;
      if (count > pool.length) {
        throw new MetricInputError({ metric: 'distractor protocol', message: `${count} distractor turns asked from a pool of ${pool.length}`, fix: 'ask fewer distractor turns or give more distractor questions' });
      }
      return options.questions.map((question) => {
        const start = hash(String(question.id)) % pool.length;
        const distractors = Array.from({ length: count }, (_, offset) => ({ question: pool[(start + offset) % pool.length]! }));
        return { id: `q${String(question.id)}`, ...withImage(question), turns: [...distractors, asked(question)] };
      });
    }
  }
}
