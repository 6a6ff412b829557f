import type { TrainEvent } from '../train-event.js';

/** What the progress bar writes to: a terminal stream (only `isTTY` ones are drawn on). */
export type ProgressStream = { isTTY?: boolean; columns?: number; write(text: string): unknown };

export type TrainingProgress = {
  /** Updates the bar from an event; checkpoints, evaluations and errors are printed above it. */
  event(event: TrainEvent): void;
  /** Prints a line above the bar (e.g. the trainer's own output). */
  log(line: string): void;
  /** Clears the bar. */
  done(): void;
};

/**
 * A one-line progress bar of a training run — step, total, loss, learning rate, elapsed time and ETA —
 * redrawn at most ten times a second. Drawn only on a terminal (`stream.isTTY`), unless `enabled` says
 * otherwise; elsewhere it does nothing, so logs and pipes stay clean.
 */
export function createTrainingProgress(options: { stream: ProgressStream; enabled?: boolean; now?: () => number }): TrainingProgress {
  const { stream } = options;
  const enabled = options.enabled ?? stream.isTTY === true;
  const now = options.now ?? (() => performance.now());
  const started = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  let step: number | undefined;
  let total: number | undefined;
  let loss: number | undefined;
  let learningRate: number | undefined;
  let firstStep: { step: number; at: number } | undefined;

  const clear = () => {
    if (drawn) stream.write('\r\u001b[K');
    drawn = false;
  };
  const draw = (force: boolean) => {
    const at = now();
    if (!force && at - lastDraw < 100) return;
    lastDraw = at;
    const width = 24;
    const fraction = step !== undefined && total !== undefined && total > 0 ? Math.min(1, step / total) : 0;
    const filled = Math.round(fraction * width);
    const parts = [
      `step ${step ?? 0}${total === undefined ? '' : `/${total}`}`,
      total === undefined ? '' : `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${(fraction * 100).toFixed(0).padStart(3)}%`,
      loss === undefined ? '' : `loss ${formatNumber(loss)}`,
      learningRate === undefined ? '' : `lr ${formatNumber(learningRate)}`,
      `${formatDuration((at - started) / 1000)} elapsed`,
      eta(at),
    ].filter((part) => part !== '');
    const line = parts.join('  ');
    const columns = stream.columns ?? 120;
    stream.write(`\r${line.length > columns - 1 ? line.slice(0, columns - 1) : line}\u001b[K`);
    drawn = true;
  };
  const eta = (at: number): string => {
    if (firstStep === undefined || step === undefined || total === undefined || step <= firstStep.step) return '';
    const perStep = (at - firstStep.at) / 1000 / (step - firstStep.step);
    return `ETA ${formatDuration(perStep * Math.max(0, total - step))}`;
  };

  if (!enabled) return { event: () => undefined, log: () => undefined, done: () => undefined };
  return {
    event(event) {
      if (event.type === 'step') {
        if (event.step !== undefined) {
          step = event.step;
          firstStep ??= { step: event.step, at: now() };
        }
        if (event.totalSteps !== undefined) total = event.totalSteps;
        if (event.loss !== undefined) loss = event.loss;
        if (event.learningRate !== undefined) learningRate = event.learningRate;
        draw(false);
        return;
      }
      clear();
      if (event.type === 'checkpoint') stream.write(`checkpoint ${event.path}\n`);
      else if (event.type === 'eval') stream.write(`eval ${Object.entries(event.metrics).map(([key, value]) => `${key} ${formatNumber(value)}`).join(', ')}\n`);
      else if (event.type === 'error') stream.write(`error: ${event.message}\n`);
      if (event.type !== 'end') draw(true);
    },
    log(line) {
      clear();
      stream.write(`${line}\n`);
      draw(true);
    },
    done: clear,
  };
}

function formatNumber(value: number): string {
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  const two = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(rest)}` : `${two(minutes)}:${two(rest)}`;
}
