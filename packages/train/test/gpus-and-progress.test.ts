import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNvidiaSmiCsv } from '../src/index.js';
import { createTrainingProgress, discoverGpus } from '../src/node/index.js';
import { trainFixtures, useTempFolders } from './helpers.js';

const tempFolder = useTempFolders();

describe('GPU discovery', () => {
  it('reads nvidia-smi output captured on an 8 × H100 node and on an A100', async () => {
    const h100 = parseNvidiaSmiCsv(await readFile(join(trainFixtures, 'nvidia-smi/h100x8-with-header.csv'), 'utf8'));
    expect(h100).toHaveLength(8);
    expect(h100[7]).toEqual({ index: 7, name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 });
    expect(parseNvidiaSmiCsv(await readFile(join(trainFixtures, 'nvidia-smi/a100-80gb-noheader.csv'), 'utf8'))).toEqual([{ index: 0, name: 'NVIDIA A100-SXM4-80GB', memoryMiB: 81920 }]);
    expect(parseNvidiaSmiCsv('NVIDIA H100 80GB HBM3, 81559\r\n\r\nTesla T4, [N/A]\nNo devices were found\n')).toEqual([
      { index: 0, name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 },
      { index: 1, name: 'Tesla T4', memoryMiB: undefined },
    ]);
  });

  it('runs nvidia-smi with the query arguments, and finds no GPU where it is missing or fails', async () => {
    const folder = await tempFolder();
    const fake = join(folder, 'nvidia-smi');
    const captured = join(trainFixtures, 'nvidia-smi/h100x8-with-header.csv');
    // Prints the captured output only when asked exactly what vift asks.
    await writeFile(fake, `#!/bin/sh\n[ "$1" = "--query-gpu=name,memory.total" ] && [ "$2" = "--format=csv,noheader" ] && tail -n +2 '${captured}'\n`);
    await chmod(fake, 0o755);
    const gpus = await discoverGpus({ command: fake });
    expect(gpus.map((gpu) => gpu.name)).toEqual(Array(8).fill('NVIDIA H100 80GB HBM3'));

    expect(await discoverGpus({ command: join(folder, 'absent-nvidia-smi') })).toEqual([]);
    expect(await discoverGpus({ env: { PATH: join(folder, 'empty') } })).toEqual([]);
    const failing = join(folder, 'failing-nvidia-smi');
    await writeFile(failing, '#!/bin/sh\necho "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver." >&2\nexit 9\n');
    await chmod(failing, 0o755);
    expect(await discoverGpus({ command: failing })).toEqual([]);
  });
});

describe('training progress bar', () => {
  function stream(isTTY: boolean) {
    const written: string[] = [];
    return { isTTY, columns: 200, written, write: (text: string) => written.push(text) };
  }

  it('draws on a terminal: step, total, loss, learning rate, ETA; prints checkpoints above the bar', () => {
    const terminal = stream(true);
    let clock = 0;
    const progress = createTrainingProgress({ stream: terminal, now: () => clock });
    progress.event({ type: 'step', step: 10, totalSteps: 100, loss: undefined, learningRate: undefined, gradNorm: undefined, epoch: undefined, metrics: {} });
    clock = 10_000;
    progress.event({ type: 'step', step: 20, totalSteps: 100, loss: 1.23456, learningRate: 2e-5, gradNorm: undefined, epoch: undefined, metrics: {} });
    progress.event({ type: 'checkpoint', path: '/runs/x/checkpoint-20', step: 20 });
    progress.done();
    const text = terminal.written.join('');
    expect(text).toContain('step 20/100');
    expect(text).toContain('20%');
    expect(text).toContain('loss 1.235');
    expect(text).toContain('lr 2.00e-5');
    // 10 steps took 10 s: 80 steps to go.
    expect(text).toContain('ETA 01:20');
    expect(text).toContain('checkpoint /runs/x/checkpoint-20\n');
    expect(terminal.written.at(-1)).toBe('\r\u001b[K');
  });

  it('writes nothing when the stream is not a terminal', () => {
    const pipe = stream(false);
    const progress = createTrainingProgress({ stream: pipe });
    progress.event({ type: 'step', step: 1, totalSteps: 2, loss: 1, learningRate: 1, gradNorm: undefined, epoch: undefined, metrics: {} });
    progress.log('a line');
    progress.done();
    expect(pipe.written).toEqual([]);
  });
});
