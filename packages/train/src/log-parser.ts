import { parsePythonDict, type PythonValue } from './python-literal.js';
import type { TrainEvent, TrainErrorEvent, TrainStepEvent } from './train-event.js';

export type LogStream = 'stdout' | 'stderr';

/** Reads a trainer's output line by line and says what happened; keeps the progress-bar step between lines. */
export type LogParser = { line(text: string, stream: LogStream): TrainEvent[] };

const outOfMemoryPattern = /CUDA out of memory|torch\.cuda\.OutOfMemoryError|torch\.OutOfMemoryError/;
const checkpointPattern = /Saving model checkpoint to (\S.*?)\s*$/;
// A tqdm bar: "desc: 12%|█▏   | 12/100 [00:10<01:20,  1.10it/s]"; the Trainer's own bar has no description.
const progressPattern = /^(.*?)(\d{1,3})%\|[^|]*\|\s*(\d+)\/(\d+)\s*\[/;

export const outOfMemoryFix =
  'lower training.perDeviceTrainBatchSize (the accumulation steps are derived again to keep the global batch), keep training.gradientCheckpointing on, or use training.deepspeed "zero3"';

/**
 * A parser for the lines of a training process: the reference trainer's JSON lines
 * (`{"event": "step" | "eval" | "checkpoint" | "end" | "error", ...}`), the Hugging Face Trainer's log
 * dicts (`{'loss': 1.23, 'grad_norm': 0.8, 'learning_rate': 2e-05, 'epoch': 0.01}`, `eval_*` keys,
 * `train_runtime` at the end), its progress bar (`12/500 [...]`, read only from a bar without a
 * description, so that "Map:" or "Loading checkpoint shards:" bars are not steps), "Saving model checkpoint
 * to …", and out-of-memory errors (reported once).
 */
const RANK_PREFIX = /^\[default\d+\]:/;

export function createLogParser(): LogParser {
  let currentStep: number | undefined;
  let totalSteps: number | undefined;
  let reportedOutOfMemory = false;

  return {
    line(text) {
      const events: TrainEvent[] = [];
      // torchrun with --tee prefixes each rank's lines with "[default0]:" (its local rank).
      const trimmed = text.trim().replace(RANK_PREFIX, '');
      if (trimmed === '') return events;

      const json = trimmed.startsWith('{"') ? parseJsonEvent(trimmed) : undefined;
      if (json === 'start') {
        // The start line carries the plan of the run: where it begins and how many steps it takes.
        const start = JSON.parse(trimmed) as Record<string, unknown>;
        const step = firstNumber(start, 'step');
        const total = firstNumber(start, 'total_steps', 'totalSteps', 'max_steps');
        if (step !== undefined) currentStep = step;
        if (total !== undefined) totalSteps = total;
        return events;
      }
      if (json !== undefined) {
        if (json.type === 'step') {
          if (json.step !== undefined) currentStep = json.step;
          if (json.totalSteps !== undefined) totalSteps = json.totalSteps;
          else json.totalSteps = totalSteps;
        }
        if (json.type === 'error' && json.kind === 'out-of-memory') {
          // One report per run, with the settings of the vift config to change.
          if (reportedOutOfMemory) return events;
          reportedOutOfMemory = true;
          json.fix = outOfMemoryFix;
        }
        events.push(json);
        return events;
      }

      if (!reportedOutOfMemory && outOfMemoryPattern.test(trimmed)) {
        reportedOutOfMemory = true;
        events.push(outOfMemoryEvent(trimmed));
      }

      const checkpoint = checkpointPattern.exec(trimmed);
      if (checkpoint !== null) {
        const path = checkpoint[1]!;
        const step = /checkpoint-(\d+)\/?$/.exec(path);
        events.push({ type: 'checkpoint', path, step: step === null ? undefined : Number(step[1]) });
        return events;
      }

      const progress = progressPattern.exec(trimmed);
      if (progress !== null) {
        const description = progress[1]!.trim();
        const step = Number(progress[3]);
        const total = Number(progress[4]);
        // The first bar without a description is the training loop; evaluation bars have other totals.
        if (description === '' && (totalSteps === undefined || total === totalSteps) && step !== currentStep) {
          totalSteps = total;
          currentStep = step;
          events.push(stepEvent({ step, totalSteps: total }));
        }
        return events;
      }

      const dictStart = trimmed.indexOf("{'");
      if (dictStart !== -1 && trimmed.endsWith('}')) {
        const dict = parsePythonDict(trimmed.slice(dictStart));
        const event = dict === undefined ? undefined : dictEvent(dict, currentStep, totalSteps);
        if (event !== undefined) events.push(event);
      }
      return events;
    },
  };
}

function outOfMemoryEvent(line: string): TrainErrorEvent {
  return { type: 'error', kind: 'out-of-memory', message: `the GPU ran out of memory: ${line.slice(0, 300)}`, fix: outOfMemoryFix, exitCode: undefined, lastStderr: [] };
}

function numbersOf(record: Record<string, unknown>): Record<string, number> {
  const numbers: Record<string, number> = {};
  for (const [key, value] of Object.entries(record)) if (typeof value === 'number') numbers[key] = value;
  return numbers;
}

function firstNumber(record: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'number') return value;
  }
  return undefined;
}

function stepEvent(fields: Partial<Omit<TrainStepEvent, 'type'>>): TrainStepEvent {
  return {
    type: 'step',
    step: fields.step,
    totalSteps: fields.totalSteps,
    loss: fields.loss,
    learningRate: fields.learningRate,
    gradNorm: fields.gradNorm,
    epoch: fields.epoch,
    metrics: fields.metrics ?? {},
  };
}

/** The Trainer's log dicts: training logs, evaluation results (`eval_*`), and the final summary (`train_runtime`). */
function dictEvent(dict: Record<string, PythonValue>, step: number | undefined, totalSteps: number | undefined): TrainEvent | undefined {
  const metrics = numbersOf(dict);
  const keys = Object.keys(metrics);
  if (keys.length === 0) return undefined;
  if ('train_runtime' in metrics) return { type: 'end', metrics };
  if (keys.some((key) => key.startsWith('eval_'))) return { type: 'eval', step, epoch: metrics.epoch, metrics };
  if (!('loss' in metrics) && !('learning_rate' in metrics)) return undefined;
  return stepEvent({
    step,
    totalSteps,
    loss: metrics.loss,
    learningRate: metrics.learning_rate,
    gradNorm: metrics.grad_norm,
    epoch: metrics.epoch,
    metrics,
  });
}

/** The reference trainer's JSON lines; other JSON is not an event. Field names may be snake or camel case. */
function parseJsonEvent(line: string): TrainEvent | 'start' | undefined {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  const fields = record as Record<string, unknown>;
  const metrics = numbersOf(fields);
  switch (fields.event) {
    case 'start':
      return 'start';
    case 'step':
      return stepEvent({
        step: firstNumber(fields, 'step', 'global_step'),
        totalSteps: firstNumber(fields, 'total_steps', 'totalSteps', 'max_steps'),
        loss: firstNumber(fields, 'loss'),
        learningRate: firstNumber(fields, 'learning_rate', 'learningRate', 'lr'),
        gradNorm: firstNumber(fields, 'grad_norm', 'gradNorm'),
        epoch: firstNumber(fields, 'epoch'),
        metrics,
      });
    case 'eval':
      return { type: 'eval', step: firstNumber(fields, 'step', 'global_step'), epoch: firstNumber(fields, 'epoch'), metrics };
    case 'checkpoint': {
      const path = typeof fields.path === 'string' ? fields.path : typeof fields.dir === 'string' ? fields.dir : '';
      return { type: 'checkpoint', path, step: firstNumber(fields, 'step', 'global_step') };
    }
    case 'end':
      return { type: 'end', metrics };
    case 'error': {
      const message = typeof fields.message === 'string' ? fields.message : typeof fields.error === 'string' ? fields.error : 'the trainer reported an error';
      const outOfMemory = outOfMemoryPattern.test(message) || fields.kind === 'out-of-memory' || fields.kind === 'oom';
      const fix = typeof fields.fix === 'string' ? fields.fix : outOfMemory ? outOfMemoryFix : undefined;
      const kind = outOfMemory ? 'out-of-memory' : fields.kind === 'interrupted' ? 'interrupted' : 'trainer';
      return { type: 'error', kind, message, fix, exitCode: undefined, lastStderr: [] };
    }
    default:
      return undefined;
  }
}
