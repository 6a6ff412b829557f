/** A training step: from a trainer's JSON line, a Hugging Face log dict, or a progress bar (step and total only). */
export type TrainStepEvent = {
  type: 'step';
  step: number | undefined;
  totalSteps: number | undefined;
  loss: number | undefined;
  learningRate: number | undefined;
  gradNorm: number | undefined;
  epoch: number | undefined;
  /** Every number the line carried, under the trainer's own names. */
  metrics: Record<string, number>;
};

export type TrainEvalEvent = { type: 'eval'; step: number | undefined; epoch: number | undefined; metrics: Record<string, number> };

export type TrainCheckpointEvent = { type: 'checkpoint'; path: string; step: number | undefined };

/** The trainer finished training (its summary line); the process may still be saving. */
export type TrainEndEvent = { type: 'end'; metrics: Record<string, number> };

export type TrainErrorKind =
  /** The program to start was not found. */
  | 'not-found'
  /** CUDA (or another device) ran out of memory. */
  | 'out-of-memory'
  /** The trainer reported an error itself (a JSON "error" line). */
  | 'trainer'
  /** The trainer stopped on an interrupt (SIGINT). */
  | 'interrupted'
  /** The process exited with a non-zero status or was killed by a signal. */
  | 'exit';

export type TrainErrorEvent = {
  type: 'error';
  kind: TrainErrorKind;
  message: string;
  /** The setting to change or the thing to do, when known. */
  fix: string | undefined;
  exitCode: number | undefined;
  /** The last lines the trainer wrote on stderr. */
  lastStderr: string[];
};

export type TrainEvent = TrainStepEvent | TrainEvalEvent | TrainCheckpointEvent | TrainEndEvent | TrainErrorEvent;
