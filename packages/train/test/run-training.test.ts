import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TrainingRunError, parseTrainConfig, planTraining, type NodeCommand, type TrainEvent } from '../src/index.js';
import { findLastCheckpoint, runTraining } from '../src/node/index.js';
import { useTempFolders } from './helpers.js';

const fakeTrainer = fileURLToPath(new URL('./__fixtures__/fake-hf-trainer.mjs', import.meta.url));
const fakePython = fileURLToPath(new URL('./__fixtures__/fake_python', import.meta.url));
const tempFolder = useTempFolders();

function fake(mode: string, ...rest: string[]): NodeCommand {
  return { nodeRank: 0, argv: [process.execPath, fakeTrainer, mode, ...rest], env: {}, cwd: undefined };
}

async function run(command: NodeCommand, options: { signal?: AbortSignal; onLine?: (line: string) => void } = {}) {
  const events: TrainEvent[] = [];
  const result = await runTraining({ command, onEvent: (event) => events.push(event), onLine: options.onLine, signal: options.signal });
  return { result, events };
}

describe('runTraining', () => {
  it('turns Hugging Face Trainer output into step, checkpoint, eval and end events', async () => {
    const { result, events } = await run(fake('ok', 'out'));
    expect(result.ok).toBe(true);
    expect(result.exitCode).toBe(0);
    // The "Loading checkpoint shards" bar is not a training step; every redraw of the Trainer's bar is.
    const steps = events.filter((event) => event.type === 'step');
    expect(steps.map((event) => [event.step, event.totalSteps, event.loss])).toEqual([
      [0, 4, undefined],
      [1, 4, undefined],
      [1, 4, 1.9375],
      [2, 4, undefined],
      [2, 4, 1.4219],
      [3, 4, undefined],
      [4, 4, undefined],
    ]);
    expect(steps[2]).toMatchObject({ learningRate: 2e-5, gradNorm: 12.5625, epoch: 0.25 });
    expect(events.filter((event) => event.type !== 'step')).toEqual([
      { type: 'checkpoint', path: 'out/checkpoint-2', step: 2 },
      { type: 'eval', step: 4, epoch: 1, metrics: { eval_loss: 1.25, eval_runtime: 0.5, eval_samples_per_second: 8, epoch: 1 } },
      { type: 'end', metrics: { train_runtime: 4.2, train_samples_per_second: 7.62, train_steps_per_second: 0.952, train_loss: 1.6, epoch: 1 } },
    ]);
    expect(result.lastCheckpoint?.step).toBe(2);
    expect(result.end?.metrics.train_loss).toBe(1.6);
  });

  it('reports a non-zero exit as an error event with the last stderr lines', async () => {
    const { result, events } = await run(fake('fail'));
    expect(result.ok).toBe(false);
    expect(result.exitCode).toBe(3);
    const errors = events.filter((event) => event.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'exit', exitCode: 3 });
    expect(errors[0]!.type === 'error' && errors[0]!.message).toMatch(/exited with status 3: FileNotFoundError: \[Errno 2\] No such file or directory: 'data.json'/);
    expect(result.error?.lastStderr.slice(-2)).toEqual(['  File "train.py", line 3, in <module>', "FileNotFoundError: [Errno 2] No such file or directory: 'data.json'"]);
    expect(new TrainingRunError(result.error!).toLine()).toMatch(/Fix: read the trainer output/);
  });

  it('recognises CUDA running out of memory once, and names the settings to change', async () => {
    const { result, events } = await run(fake('oom'));
    const errors = events.filter((event) => event.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'out-of-memory' });
    expect(result.error?.kind).toBe('out-of-memory');
    expect(result.error?.exitCode).toBe(1);
    expect(result.error?.message).toMatch(/ran out of memory: torch\.OutOfMemoryError: CUDA out of memory\. Tried to allocate 2\.00 GiB/);
    expect(result.error?.fix).toMatch(/training\.perDeviceTrainBatchSize/);
    expect(result.error?.lastStderr.at(-1)).toMatch(/^\[rank1\]: torch\.OutOfMemoryError/);
  });

  it('says clearly when the Python interpreter is not there', async () => {
    const config = parseTrainConfig({ trainer: 'reference', data: { folder: '/data' }, outputDir: '/runs/x', cluster: { gpusPerNode: 1 }, reference: { python: '/nonexistent/bin/python3' } });
    const { result, events } = await run(planTraining({ config }).commands[0]!);
    expect(events).toHaveLength(1);
    expect(result.error).toMatchObject({ kind: 'not-found', message: '/nonexistent/bin/python3: the program was not found (is it installed and on PATH?)' });
    expect(result.error?.fix).toMatch(/install Python 3 .*reference\.python.*--python/);
  });

  it('reports a missing folder to run in before starting anything', async () => {
    const { result } = await run({ ...fake('ok'), cwd: '/nonexistent/LLaVA' });
    expect(result.error).toMatchObject({ kind: 'not-found' });
    expect(result.error?.message).toMatch(/\/nonexistent\/LLaVA, does not exist/);
  });

  it('forwards an interrupt to the trainer as SIGINT and waits for it to finish', async () => {
    const folder = await tempFolder();
    const marker = join(folder, 'signal.txt');
    const controller = new AbortController();
    const { result, events } = await run(fake('wait-for-sigint', folder, marker), {
      signal: controller.signal,
      onLine: (line) => {
        if (line === 'ready') controller.abort();
      },
    });
    expect(await readFile(marker, 'utf8')).toBe('SIGINT');
    expect(result.interrupted).toBe(true);
    expect(result.exitCode).toBe(130);
    // The checkpoint the trainer wrote after the interrupt was still read: the run waited for the exit.
    expect(events.at(-1)).toEqual({ type: 'checkpoint', path: `${folder}/checkpoint-3`, step: 3 });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(false);
  });
});

describe('resuming', () => {
  it('finds the checkpoint with the highest step and passes the trainer its resume flag', async () => {
    const output = await tempFolder();
    for (const name of ['checkpoint-5', 'checkpoint-40', 'checkpoint-100', 'checkpoint-x', 'runs']) await mkdir(join(output, name));
    await writeFile(join(output, 'checkpoint-900'), 'a file, not a checkpoint folder');
    expect(await findLastCheckpoint(output)).toEqual({ path: join(output, 'checkpoint-100'), step: 100 });
    expect(await findLastCheckpoint(join(output, 'missing'))).toBeUndefined();

    const argsFile = join(output, 'args.json');
    const config = parseTrainConfig({
      trainer: 'reference',
      data: { folder: '/data/export' },
      outputDir: output,
      cluster: { gpusPerNode: 1 },
      reference: { packageDir: fakePython },
    });
    const last = await findLastCheckpoint(output);
    const plan = planTraining({ config, resumeFrom: last?.path });
    const command = { ...plan.commands[0]!, env: { ...plan.commands[0]!.env, VIFT_FAKE_ARGS_FILE: argsFile, PYTHONDONTWRITEBYTECODE: '1' } };
    const { result, events } = await run(command);
    expect(result.ok).toBe(true);
    const args = JSON.parse(await readFile(argsFile, 'utf8')) as string[];
    expect(args[0]).toBe('train');
    expect(args).toContain('--resume');
    expect(args[args.indexOf('--output-dir') + 1]).toBe(output);
    // The trainer's JSON lines: the start line sets the total, then step, checkpoint and end.
    expect(events).toEqual([
      { type: 'step', step: 41, totalSteps: 42, loss: 0.5, learningRate: 2e-5, gradNorm: 1.5, epoch: 0.98, metrics: { step: 41, epoch: 0.98, loss: 0.5, learning_rate: 2e-5, grad_norm: 1.5, tokens: 1024 } },
      { type: 'checkpoint', path: 'checkpoint-42', step: 42 },
      { type: 'end', metrics: { step: 42, train_loss: 0.6, train_runtime: 1.5 } },
    ]);
  });
});
