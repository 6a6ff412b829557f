import { describe, expect, it } from 'vitest';
import { createLogParser, parsePythonDict, type TrainEvent } from '../src/index.js';

function parseAll(lines: string[]): TrainEvent[] {
  const parser = createLogParser();
  return lines.flatMap((line) => parser.line(line, 'stdout'));
}

describe('parsePythonDict', () => {
  it('reads the reprs the Trainer prints', () => {
    expect(parsePythonDict("{'loss': 1.2345, 'grad_norm': 0.8125, 'learning_rate': 2e-05, 'epoch': 0.01}")).toEqual({ loss: 1.2345, grad_norm: 0.8125, learning_rate: 2e-5, epoch: 0.01 });
    expect(parsePythonDict("{'loss': nan, 'grad_norm': inf, 'note': 'it\\'s \"fine\"', 'ok': True, 'none': None, 'list': [1, (2, 3)], 'nested': {'a': -1.5e-3}}")).toEqual({
      loss: Number.NaN,
      grad_norm: Number.POSITIVE_INFINITY,
      note: `it's "fine"`,
      ok: true,
      none: null,
      list: [1, [2, 3]],
      nested: { a: -0.0015 },
    });
    expect(parsePythonDict('{}')).toEqual({});
  });

  it('refuses what is not a plain dict', () => {
    expect(parsePythonDict("{'grad_norm': tensor(1.2, device='cuda:0')}")).toBeUndefined();
    expect(parsePythonDict("{'loss': 1.2")).toBeUndefined();
    expect(parsePythonDict("['loss', 1.2]")).toBeUndefined();
    expect(parsePythonDict("{'a': 1} trailing")).toBeUndefined();
  });
});

describe('createLogParser', () => {
  it('reads progress bars without a description as training steps, once per step', () => {
    const events = parseAll([
      'Map: 100%|██████████| 665/665 [00:00<00:00, 5000.00 examples/s]',
      '  0%|          | 0/500 [00:00<?, ?it/s]',
      '  0%|          | 1/500 [00:05<41:35,  5.00s/it]',
      '  0%|          | 1/500 [00:05<41:35,  5.00s/it]',
      '  0%|          | 2/500 [00:10<41:30,  5.00s/it]',
      // An evaluation bar (another total) during training is not a step.
      ' 50%|█████     | 5/10 [00:01<00:01,  4.00it/s]',
    ]);
    expect(events.map((event) => (event.type === 'step' ? [event.step, event.totalSteps] : event.type))).toEqual([
      [0, 500],
      [1, 500],
      [2, 500],
    ]);
  });

  it('reads log dicts as steps, evaluations and the end, with the current bar step', () => {
    const events = parseAll([
      ' 20%|██        | 100/500 [08:20<33:20,  5.00s/it]',
      "{'loss': 0.9123, 'grad_norm': 1.25, 'learning_rate': 1.98e-05, 'epoch': 0.2}",
      "{'eval_loss': 0.88, 'eval_runtime': 12.3, 'epoch': 0.2}",
      "{'train_runtime': 2500.1, 'train_samples_per_second': 26.4, 'train_loss': 0.95, 'epoch': 1.0}",
      "{'model': 'llava', 'note': 'no numbers'}",
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'step', step: 100, totalSteps: 500, loss: 0.9123, learningRate: 1.98e-5, gradNorm: 1.25, epoch: 0.2, metrics: { loss: 0.9123, grad_norm: 1.25, learning_rate: 1.98e-5, epoch: 0.2 } },
      { type: 'eval', step: 100, epoch: 0.2, metrics: { eval_loss: 0.88, eval_runtime: 12.3, epoch: 0.2 } },
      { type: 'end', metrics: { train_runtime: 2500.1, train_samples_per_second: 26.4, train_loss: 0.95, epoch: 1 } },
    ]);
  });

  it('finds checkpoint messages behind logging prefixes', () => {
    expect(parseAll(['[INFO|trainer.py:3984] 2024-06-01 10:00:00,000 >> Saving model checkpoint to saves/llava/full/sft/checkpoint-1000'])).toEqual([
      { type: 'checkpoint', path: 'saves/llava/full/sft/checkpoint-1000', step: 1000 },
    ]);
    expect(parseAll(['Saving model checkpoint to ./checkpoints/llava-v1.5-13b'])).toEqual([{ type: 'checkpoint', path: './checkpoints/llava-v1.5-13b', step: undefined }]);
  });

  it('reports out-of-memory once, from any of its spellings', () => {
    for (const line of [
      'RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 79.15 GiB total capacity)',
      'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.',
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.54 GiB.',
    ]) {
      const events = parseAll([line, line]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'error', kind: 'out-of-memory' });
    }
  });

  it("reads the reference trainer's JSON lines, camel or snake case, and its errors", () => {
    const events = parseAll([
      '{"event":"start","step":0,"total_steps":10}',
      '{"event":"step","step":1,"loss":2.5,"learning_rate":0.0003,"grad_norm":3.0}',
      '{"event":"eval","step":1,"eval_loss":2.4}',
      '{"event":"checkpoint","step":1,"path":"/runs/x/checkpoint-1"}',
      '{"event":"error","kind":"out-of-memory","message":"out of memory (CUDA out of memory) with --per-device-train-batch-size 64","fix":"lower --per-device-train-batch-size"}',
      '{"event":"error","kind":"out-of-memory","message":"again"}',
      '{"event":"error","kind":"data","message":"data.json: record 3: no image","fix":"add it"}',
      '{"event":"error","kind":"interrupted","message":"interrupted"}',
      '{"event":"serving","port":8000}',
      '{"not":"an event"}',
    ]);
    expect(events).toEqual([
      { type: 'step', step: 1, totalSteps: 10, loss: 2.5, learningRate: 0.0003, gradNorm: 3, epoch: undefined, metrics: { step: 1, loss: 2.5, learning_rate: 0.0003, grad_norm: 3 } },
      { type: 'eval', step: 1, epoch: undefined, metrics: { step: 1, eval_loss: 2.4 } },
      { type: 'checkpoint', path: '/runs/x/checkpoint-1', step: 1 },
      expect.objectContaining({ type: 'error', kind: 'out-of-memory', message: 'out of memory (CUDA out of memory) with --per-device-train-batch-size 64', fix: expect.stringMatching(/training\.perDeviceTrainBatchSize/) }),
      expect.objectContaining({ type: 'error', kind: 'trainer', message: 'data.json: record 3: no image', fix: 'add it' }),
      expect.objectContaining({ type: 'error', kind: 'interrupted' }),
    ]);
  });
});

describe('lines from torchrun --tee', () => {
  it('reads the reference trainer\'s JSON events behind torchrun\'s "[default0]:" rank prefix', () => {
    const events = parseAll(['[default0]:{"event":"step","step":3,"loss":1.5,"learning_rate":0.001}', '[default0]:{"event":"end","step":3,"train_loss":1.5}']);
    expect(events.map((event) => event.type)).toEqual(['step', 'end']);
    expect(events[0]).toMatchObject({ step: 3, loss: 1.5 });
  });
});
