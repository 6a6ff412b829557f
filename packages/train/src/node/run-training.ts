import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createLogParser, type LogStream } from '../log-parser.js';
import type { TrainCheckpointEvent, TrainEndEvent, TrainErrorEvent, TrainEvent, TrainStepEvent } from '../train-event.js';
import type { NodeCommand } from '../training-plan.js';

export type RunTrainingOptions = {
  /** One node's command from `planTraining`, or any command that trains and logs the same way. */
  command: NodeCommand;
  onEvent?: ((event: TrainEvent) => void) | undefined;
  /** Every line the trainer writes, as it comes (progress-bar redraws are lines too). */
  onLine?: ((line: string, stream: LogStream) => void) | undefined;
  /**
   * Aborting sends SIGINT to the trainer (launchers pass it on to their workers) and the run still waits for
   * it to exit, so checkpoints being written are finished.
   */
  signal?: AbortSignal | undefined;
  /** After an interrupt, kill the trainer when it has not exited within this time (default: wait). */
  killAfterMs?: number | undefined;
  /** How many stderr lines an error event carries (default 20). */
  stderrLines?: number | undefined;
  /** The environment to add the command's variables to (default `process.env`). */
  env?: NodeJS.ProcessEnv | undefined;
};

export type TrainingRunResult = {
  /** Exited with status 0 and reported no error. */
  ok: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  interrupted: boolean;
  /** The run's first error, with the exit status and the last stderr lines. */
  error: TrainErrorEvent | undefined;
  lastStep: TrainStepEvent | undefined;
  lastCheckpoint: TrainCheckpointEvent | undefined;
  end: TrainEndEvent | undefined;
  events: number;
};

/** A started run: its result, and a way to pass the trainer a signal while it runs. */
export type TrainingRun = {
  result: Promise<TrainingRunResult>;
  /**
   * Marks the run interrupted and sends the trainer `signal` (default SIGINT); call it again for a second
   * Ctrl-C, which launchers and the Trainer take as "stop now". A signal before the start is sent at once.
   */
  interrupt(signal?: NodeJS.Signals): void;
};

/**
 * Starts a trainer, streams its output through the log parser (JSON lines, Hugging Face log dicts, progress
 * bars, checkpoint messages, out-of-memory errors) and reports typed events. The result always resolves: a
 * program that is not there, an out-of-memory failure or a non-zero exit is an `error` event and
 * `result.error`; a clean exit without a summary line still ends with an `end` event.
 */
export function startTraining(options: RunTrainingOptions): TrainingRun {
  let child: ChildProcess | undefined;
  let pending: NodeJS.Signals | undefined;
  const state = { interrupted: false };
  const interrupt = (signal: NodeJS.Signals = 'SIGINT') => {
    state.interrupted = true;
    if (child === undefined) pending = signal;
    else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const result = run(options, state, (started) => {
    child = started;
    if (pending !== undefined) interrupt(pending);
  });
  return { result, interrupt };
}

/** `startTraining(options).result`: runs a trainer to its end; abort `options.signal` to interrupt it. */
export function runTraining(options: RunTrainingOptions): Promise<TrainingRunResult> {
  return startTraining(options).result;
}

async function run(options: RunTrainingOptions, state: { interrupted: boolean }, onStart: (child: ChildProcess) => void): Promise<TrainingRunResult> {
  const { command } = options;
  const result: TrainingRunResult = { ok: false, exitCode: null, signal: null, interrupted: false, error: undefined, lastStep: undefined, lastCheckpoint: undefined, end: undefined, events: 0 };
  const stderrTail: string[] = [];
  const keepLines = options.stderrLines ?? 20;
  const emit = (event: TrainEvent) => {
    result.events++;
    if (event.type === 'step') result.lastStep = event;
    else if (event.type === 'checkpoint') result.lastCheckpoint = event;
    else if (event.type === 'end') result.end = event;
    else if (event.type === 'error' && event.kind === 'interrupted') state.interrupted = true;
    else if (event.type === 'error') result.error ??= event;
    options.onEvent?.(event);
  };

  const program = command.argv[0];
  if (program === undefined) throw new TypeError('runTraining: the command has no program');
  if (command.cwd !== undefined && (await stat(command.cwd).catch(() => undefined))?.isDirectory() !== true) {
    emit(errorEvent('not-found', `the folder to run ${basename(program)} in, ${command.cwd}, does not exist`, 'set the trainer checkout in the config (llava.repository or trl.repository) to an existing folder', undefined, []));
    return result;
  }

  const parser = createLogParser();
  const child = spawn(program, command.argv.slice(1), {
    cwd: command.cwd,
    // Unbuffered Python output: log lines arrive as they are written, in step with the progress bar.
    env: { PYTHONUNBUFFERED: '1', ...(options.env ?? process.env), ...command.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches vift only, which passes it on once.
    detached: true,
  });
  onStart(child);

  const onAbort = () => {
    state.interrupted = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    if (options.killAfterMs !== undefined) {
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, options.killAfterMs).unref();
    }
  };
  if (options.signal?.aborted === true) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const handleLine = (line: string, stream: LogStream) => {
    if (stream === 'stderr' && line.trim() !== '') {
      stderrTail.push(line);
      if (stderrTail.length > keepLines) stderrTail.shift();
    }
    options.onLine?.(line, stream);
    for (const event of parser.line(line, stream)) emit(event);
  };
  const stdout = lineSplitter((line) => handleLine(line, 'stdout'));
  const stderr = lineSplitter((line) => handleLine(line, 'stderr'));
  child.stdout.setEncoding('utf8').on('data', stdout.push);
  child.stderr.setEncoding('utf8').on('data', stderr.push);

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: NodeJS.ErrnoException }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, signal: null, spawnError: error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  options.signal?.removeEventListener('abort', onAbort);
  stdout.end();
  stderr.end();
  result.interrupted = state.interrupted;
  result.exitCode = exit.code;
  result.signal = exit.signal;

  if (exit.spawnError !== undefined) {
    const missing = exit.spawnError.code === 'ENOENT';
    const message = missing ? `${program}: the program was not found (is it installed and on PATH?)` : `${program} could not be started (${exit.spawnError.code ?? exit.spawnError.message})`;
    emit(errorEvent(missing ? 'not-found' : 'exit', message, fixForProgram(program), undefined, []));
    return result;
  }
  if (result.error !== undefined) {
    result.error.exitCode = exit.code ?? undefined;
    result.error.lastStderr = [...stderrTail];
  } else if (exit.code !== 0 && !result.interrupted) {
    const how = exit.signal === null ? `exited with status ${exit.code}` : `was killed by ${exit.signal}`;
    emit(errorEvent('exit', `${basename(program)} ${how}${lastLineOf(stderrTail)}`, 'read the trainer output above (the last lines are in the error) and fix what it reports', exit.code ?? undefined, [...stderrTail]));
  }
  if (exit.code === 0 && result.end === undefined && result.error === undefined) emit({ type: 'end', metrics: {} });
  result.ok = exit.code === 0 && result.error === undefined;
  return result;
}

function errorEvent(kind: TrainErrorEvent['kind'], message: string, fix: string | undefined, exitCode: number | undefined, lastStderr: string[]): TrainErrorEvent {
  return { type: 'error', kind, message, fix, exitCode, lastStderr };
}

function lastLineOf(lines: readonly string[]): string {
  const last = lines[lines.length - 1]?.trim();
  return last === undefined || last === '' ? '' : `: ${last.slice(0, 300)}`;
}

function fixForProgram(program: string): string {
  const name = basename(program);
  if (/^python/.test(name)) return `install Python 3 (with PyTorch), or name the interpreter in the config (reference.python) or with --python`;
  if (name === 'torchrun') return 'install PyTorch (it provides torchrun) in the environment you run from';
  if (name === 'deepspeed') return 'install DeepSpeed (pip install deepspeed), or set llava.launcher to "torchrun"';
  if (name === 'accelerate') return 'install accelerate (pip install accelerate), which TRL uses to launch';
  if (name === 'llamafactory-cli') return 'install LLaMA-Factory (pip install -e . in its checkout), or set llamaFactory.command';
  return `install ${name} or put it on PATH`;
}

/** Splits a text stream into lines at \n, \r\n and \r (progress bars redraw with \r). */
function lineSplitter(onLine: (line: string) => void): { push: (chunk: string) => void; end: () => void } {
  let pending = '';
  return {
    push(chunk) {
      const parts = (pending + chunk).split(/\r\n|\n|\r/);
      pending = parts.pop() ?? '';
      for (const part of parts) onLine(part);
    },
    end() {
      if (pending !== '') onLine(pending);
      pending = '';
    },
  };
}
