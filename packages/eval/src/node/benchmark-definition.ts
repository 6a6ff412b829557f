import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { protocolNames } from '../protocol/plan-dialogs.js';
import { turnMetricNames, type TurnMetricName } from '../protocol/turn-metrics.js';
import type { BenchmarkQuestion } from '../protocol/benchmark-question.js';
import { EvalFileError } from './eval-file-error.js';
import { readJsonLines } from './read-json-lines.js';
import { readReferenceAnswers } from './read-reference-answers.js';

export const judgeNames = ['mm-vet', 'llava-bench', 'rubric'] as const;
export type JudgeName = (typeof judgeNames)[number];

/**
 * A benchmark as data: where its questions, images, references and image descriptions are (paths relative
 * to the definition file) and what scores an answer, a judge or a metric.
 */
export const benchmarkDefinitionSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** JSONL in LLaVA's question layout: `question_id`, `image`, `text`, `category`. */
    questions: z.string().min(1),
    /** The folder the questions' `image` paths are under. */
    images: z.string().optional(),
    /** JSONL: `question_id` and the reference as `answer` or `text`. */
    references: z.string().optional(),
    /** JSONL: `image` and `caption` (a string or a list), LLaVA-Bench's image descriptions. */
    context: z.string().optional(),
    judge: z.enum(judgeNames).optional(),
    /** The rubric judge's instructions. */
    rubric: z.string().optional(),
    metric: z.enum(turnMetricNames as [TurnMetricName, ...TurnMetricName[]]).optional(),
    /** Added after every question, e.g. "\nAnswer the question using a single word or phrase." */
    questionSuffix: z.string().optional(),
    /** The protocols `vift eval` runs when none are named. */
    protocols: z.array(z.enum(protocolNames)).min(1).optional(),
  })
  .strict()
  .refine((definition) => (definition.judge === undefined) !== (definition.metric === undefined), { message: 'give exactly one of "judge" and "metric"' })
  .refine((definition) => definition.judge !== 'rubric' || definition.rubric !== undefined, { message: 'the rubric judge needs "rubric"' });

export type BenchmarkDefinition = z.infer<typeof benchmarkDefinitionSchema>;

export type LoadedBenchmark = {
  file: string;
  definition: BenchmarkDefinition;
  questions: BenchmarkQuestion[];
  /** Absolute image folder, when the benchmark has images. */
  imageRoot: string | undefined;
};

const idOf = (value: unknown): string | number | undefined => (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined);

/** Reads a benchmark definition and its question, reference and context files, checking ids as it goes. */
export async function loadBenchmark(file: string): Promise<LoadedBenchmark> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EvalFileError({ file, message: code === undefined ? 'the benchmark definition is not JSON' : `cannot read the benchmark definition (${code})`, fix: 'give the path of a benchmark definition JSON file', cause: error });
  }
  const result = benchmarkDefinitionSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EvalFileError({ file, message: `${issue.path.length === 0 ? '' : `"${issue.path.join('.')}": `}${issue.message}`, fix: 'see docs/evaluation.md for the benchmark definition fields' });
  }
  const definition = result.data;
  const folder = dirname(resolve(file));
  const path = (relative: string) => resolve(folder, relative);

  const questions: BenchmarkQuestion[] = [];
  const seen = new Map<string, number>();
  const questionFile = path(definition.questions);
  for await (const { line, value } of readJsonLines(questionFile)) {
    const id = idOf(value.question_id);
    if (id === undefined) throw new EvalFileError({ file: questionFile, line, message: 'the question has no question_id', fix: 'give every question a string or number question_id' });
    const first = seen.get(String(id));
    if (first !== undefined) throw new EvalFileError({ file: questionFile, line, message: `question_id ${JSON.stringify(id)} repeats line ${first}`, fix: 'give every question its own id' });
    seen.set(String(id), line);
    if (typeof value.text !== 'string') throw new EvalFileError({ file: questionFile, line, message: `question ${JSON.stringify(id)} has no text`, fix: 'put the question in "text"' });
    questions.push({
      id,
      question: value.text,
      ...(typeof value.image === 'string' ? { image: value.image } : {}),
      ...(typeof value.category === 'string' ? { category: value.category } : {}),
    });
  }

  if (definition.references !== undefined) {
    const references = await readReferenceAnswers(path(definition.references), String);
    for (const question of questions) {
      const reference = references.get(String(question.id));
      if (reference !== undefined) question.reference = reference;
    }
  }

  if (definition.context !== undefined) {
    const contextFile = path(definition.context);
    const captions = new Map<string, string>();
    for await (const { line, value } of readJsonLines(contextFile)) {
      const caption = Array.isArray(value.caption) ? value.caption.join('\n') : value.caption;
      if (typeof value.image !== 'string' || typeof caption !== 'string') throw new EvalFileError({ file: contextFile, line, message: 'the context line has no image or caption', fix: 'write {"image", "caption"} per line' });
      captions.set(value.image, caption);
    }
    for (const question of questions) {
      const caption = question.image === undefined ? undefined : captions.get(question.image);
      if (caption !== undefined) question.context = caption;
    }
  }
  return { file, definition, questions, imageRoot: definition.images === undefined ? undefined : path(definition.images) };
}
