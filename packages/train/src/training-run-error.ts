import { ViftError } from '@vift/schema';
import type { TrainErrorEvent } from './train-event.js';

const marker = Symbol.for('vift.error.train.run');

/** A training run that failed: the trainer could not start, ran out of memory, or exited with an error. */
export class TrainingRunError extends ViftError {
  private readonly [marker] = true;
  readonly event: TrainErrorEvent;

  constructor(event: TrainErrorEvent) {
    super({ name: 'TrainingRunError', message: event.message, ...(event.fix === undefined ? {} : { fix: event.fix }) });
    this.event = event;
  }

  static override isInstance(error: unknown): error is TrainingRunError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
