import { LlmResponseError, type ChatClient } from '@vift/llm';
import type { Provenance, Sample } from '@vift/schema';
import type { Annotation, CocoImage } from '@vift/sources';
import { imagePath } from '../build/samples-for-image.js';
import { imageRandom } from '../compose/image-random.js';
import { LlmPromptError } from './llm-prompt-error.js';
import { DETAIL_QUESTIONS, LLM_TASKS, type LlmTask } from './llm-tasks.js';
import { orderedPool } from './ordered-pool.js';
import { parseAnswerReply, parseDialogReply } from './parse-reply.js';
import { buildSymbolicContext, captionCount } from './symbolic-context.js';
import { fewShotMessages, type TaskPrompt } from './task-prompt.js';

export type LlmImageGroup = { image: CocoImage; annotations: Annotation[] };

/** An image (and task) left out, with the reason in one line. */
export type LlmSkip = { cocoId: number; task: LlmTask | undefined; reason: string };

export type LlmGeneratorOptions = {
  /** A chat client from `@vift/llm`; give it a file cache to make reruns free and resumable. */
  client: Pick<ChatClient, 'chat' | 'model'>;
  /** The prompt of each task in `tasks` (see `loadTaskPrompts` for LLaVA's prompt folders). */
  prompts: Partial<Record<LlmTask, TaskPrompt>>;
  /** What to write for each image, in this order. */
  tasks: readonly LlmTask[];
  /** Requests waiting for a reply at once (default 8); the client's own limit applies too. */
  concurrency?: number;
  /** The folder in image paths (default `coco`): `coco/val2017/000000000139.jpg`. */
  imageFolder?: string;
  /** Picks each image's detail question (default 0). */
  seed?: number;
  temperature?: number;
  maxTokens?: number;
  /** The start of sample ids (default `llm`): `llm-conversation-000000000139`. */
  idPrefix?: string;
  /** Called for each image (and task) left out, in the order of the output. */
  onSkip?: (skip: LlmSkip) => void;
};

export type LlmGenerationReport = {
  images: number;
  /** Chat calls made, answered from the cache or not. */
  requests: number;
  /** Of those, answered from the cache. */
  cachedReplies: number;
  samples: number;
  /** Replies that could not be read as the task's layout; that image's task was left out. */
  skippedMalformed: number;
  /** Images without a COCO caption: there is nothing to tell the model. */
  skippedNoCaptions: number;
  /** The first few skip reasons. */
  examples: string[];
};

export type LlmGenerator = {
  generate(groups: AsyncIterable<LlmImageGroup> | Iterable<LlmImageGroup>): AsyncGenerator<Sample>;
  /** What the runs so far counted (a copy). */
  report(): LlmGenerationReport;
};

/** One request to make, or an image that gets none (kept in the stream so skips are reported in order). */
type Job = { image: CocoImage; annotations: Annotation[]; task: LlmTask } | { image: CocoImage; task: undefined; reason: string };
type Outcome = { sample: Sample } | { skip: LlmSkip; malformed: boolean };

const EXAMPLE_COUNT = 5;
const PLACEHOLDER = /<image>/g;

/**
 * Writes instruction data the way LLaVA did, from a text-only model: for each COCO image, its captions
 * (and object boxes) go to the model after a system message and worked examples, and the reply becomes a
 * sample: a conversation, a detailed description, or a complex reasoning question and answer. Samples
 * come out in the order of the images and tasks, with ids from the task and COCO id, so a rerun gives the
 * same output; a malformed reply leaves that image's task out (counted, reported) without stopping the run.
 * Errors of the endpoint itself (after the client's retries) stop it.
 *
 * @example
 * const generator = createLlmGenerator({ client, prompts: await loadTaskPrompts({ folder }), tasks: ['conversation', 'detail'] });
 * for await (const sample of generator.generate(groups)) write(sample);
 */
export function createLlmGenerator(options: LlmGeneratorOptions): LlmGenerator {
  const { client, prompts, tasks } = options;
  if (tasks.length === 0) throw new LlmPromptError({ message: 'no tasks for the LLM generator', fix: `name at least one of ${Object.keys(LLM_TASKS).join(', ')}` });
  for (const task of tasks) {
    if (!(task in LLM_TASKS)) throw new LlmPromptError({ message: `unknown LLM task "${String(task)}"`, fix: `use ${Object.keys(LLM_TASKS).join(', ')}` });
    if (prompts[task] === undefined) throw new LlmPromptError({ message: `no prompt for the task "${task}"`, fix: `load LLaVA's prompts/${LLM_TASKS[task].folder} folder, or write a system message and examples` });
  }
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new LlmPromptError({ message: `concurrency is ${concurrency}`, fix: 'pass a whole number of at least 1' });
  const seed = options.seed ?? 0;
  const imageFolder = options.imageFolder ?? 'coco';
  const idPrefix = options.idPrefix ?? 'llm';
  const report: LlmGenerationReport = { images: 0, requests: 0, cachedReplies: 0, samples: 0, skippedMalformed: 0, skippedNoCaptions: 0, examples: [] };

  const skipped = (cocoId: number, task: LlmTask, reason: string): Outcome => ({ skip: { cocoId, task, reason }, malformed: true });

  async function* jobs(groups: AsyncIterable<LlmImageGroup> | Iterable<LlmImageGroup>): AsyncGenerator<Job> {
    for await (const { image, annotations } of groups) {
      report.images++;
      if (captionCount(annotations) === 0) yield { image, task: undefined, reason: 'no COCO caption to describe the image with' };
      else for (const task of tasks) yield { image, annotations, task };
    }
  }

  async function run(job: Job): Promise<Outcome> {
    if (job.task === undefined) return { skip: { cocoId: job.image.cocoId, task: undefined, reason: job.reason }, malformed: false };
    const { image, task } = job;
    const spec = LLM_TASKS[task];
    const prompt = prompts[task]!;
    const context = buildSymbolicContext({ image, annotations: job.annotations, boxes: spec.boxes });
    const questionIndex = Math.floor(imageRandom(seed, image.cocoId)() * DETAIL_QUESTIONS.length);
    let text: string;
    try {
      const reply = await client.chat({
        messages: fewShotMessages(prompt, context),
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
        ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      });
      text = reply.text;
      report.requests++;
      if (reply.cached) report.cachedReplies++;
    } catch (error) {
      // A 2xx reply with no content is the model's failure on this image, not the endpoint's.
      if (!LlmResponseError.isInstance(error)) throw error;
      report.requests++;
      return skipped(image.cocoId, task, error.reason);
    }
    const parsed = spec.reply === 'dialog' ? parseDialogReply(text) : parseAnswerReply(text, DETAIL_QUESTIONS[questionIndex]!);
    if (!parsed.ok) return skipped(image.cocoId, task, parsed.reason);
    const source: Provenance = { dataset: 'llm', task, template: spec.reply === 'answer' ? `detail-question-${questionIndex + 1}` : prompt.id };
    // The model's text must not add image placeholders: the sample has exactly one, in the first turn.
    const clean = (value: string) => value.replace(PLACEHOLDER, 'image');
    const turns = parsed.pairs.flatMap(({ question, answer }, index) => [
      { role: 'user' as const, text: index === 0 ? `<image>\n${clean(question)}` : clean(question), source },
      { role: 'assistant' as const, text: clean(answer), source },
    ]);
    const sample: Sample = {
      id: `${idPrefix}-${task}-${String(image.cocoId).padStart(12, '0')}`,
      images: [{ path: imagePath(image, imageFolder), cocoId: image.cocoId, width: image.width, height: image.height }],
      turns,
      source: { dataset: 'llm', task, template: prompt.id },
      meta: { model: client.model },
    };
    return { sample };
  }

  return {
    async *generate(groups) {
      for await (const outcome of orderedPool(jobs(groups), concurrency, run)) {
        if ('sample' in outcome) {
          report.samples++;
          yield outcome.sample;
          continue;
        }
        const { skip } = outcome;
        if (outcome.malformed) report.skippedMalformed++;
        else report.skippedNoCaptions++;
        if (report.examples.length < EXAMPLE_COUNT) report.examples.push(`image ${skip.cocoId}${skip.task === undefined ? '' : ` (${skip.task})`}: ${skip.reason}`);
        options.onSkip?.(skip);
      }
    },
    report: () => ({ ...report, examples: [...report.examples] }),
  };
}
