import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * gpu/check.sh is meant for a machine with NVIDIA GPUs; VIFT_CHECK_TINY=1 runs the same script on CPU
 * with a tiny model, which tests the script itself and its throughput and MFU arithmetic.
 */

const script = fileURLToPath(new URL('../gpu/check.sh', import.meta.url));
const trainerPath = fileURLToPath(new URL('../python', import.meta.url));
const python = [process.env.VIFT_PYTHON, 'python3', '/usr/bin/python3'].find(
  (candidate) => candidate !== undefined && candidate !== '' && spawnSync(candidate, ['-c', 'import torch, numpy, PIL'], { stdio: 'ignore' }).status === 0,
);

type Event = { event: string; [field: string]: unknown };
const parseLines = (text: string): Event[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Event);

function throughput(events: string, gpuName: string, extra: string[] = []): Event {
  const result = spawnSync(python!, ['-m', 'vift_trainer', 'throughput', '--events', events, '--gpu-name', gpuName, '--skip-steps', '1', ...extra], {
    env: { ...process.env, PYTHONPATH: trainerPath, PYTHONDONTWRITEBYTECODE: '1' },
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return parseLines(result.stdout)[0]!;
}

describe.skipIf(python === undefined)('gpu/check.sh', () => {
  let work = '';
  let run: ReturnType<typeof spawnSync>;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'vift-gpu-check-'));
    run = spawnSync('bash', [script], {
      env: { ...process.env, VIFT_PYTHON: python, VIFT_CHECK_TINY: '1', VIFT_CHECK_SECONDS: '4', VIFT_PEAK_FLOPS: '2e12', VIFT_CHECK_DIR: work },
      encoding: 'utf8',
      timeout: 120_000,
    });
  }, 130_000);

  afterAll(async () => {
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  it('trains for the time given and prints throughput and MFU from the run own numbers', async () => {
    expect(run.status, String(run.stderr)).toBe(0);
    const events = parseLines(await readFile(join(work, 'events.jsonl'), 'utf8'));
    const start = events.find((event) => event.event === 'start')!;
    const end = events.find((event) => event.event === 'end')!;
    expect(end.reason).toBe('max-train-seconds');
    expect(events.some((event) => event.event === 'checkpoint')).toBe(true);
    const steps = events.filter((event) => event.event === 'step').slice(1);
    expect(steps.length).toBeGreaterThan(0);
    const tokensPerSecond = steps.reduce((sum, event) => sum + (event.tokens as number), 0) / steps.reduce((sum, event) => sum + (event.seconds as number), 0);
    const [summary] = parseLines(String(run.stdout)).filter((event) => event.event === 'throughput');
    expect(summary).toMatchObject({ parameters: start.parameters, devices: 1, peak_flops_per_device: 2e12, measured_steps: steps.length });
    expect(summary!.tokens_per_second).toBeCloseTo(tokensPerSecond, 6);
    expect(summary!.model_flops_per_second).toBeCloseTo(6 * (start.parameters as number) * tokensPerSecond, 0);
    expect(summary!.mfu as number).toBeCloseTo((6 * (start.parameters as number) * tokensPerSecond) / 2e12, 12);
    expect(String(run.stderr)).toMatch(/MFU \d+\.\d%/);
    expect(JSON.parse(await readFile(join(work, 'throughput.json'), 'utf8'))).toEqual(summary);
  });

  it('looks the peak up by the GPU name nvidia-smi prints, and reads torchrun-prefixed lines', async () => {
    const events = join(work, 'events.jsonl');
    const reference = throughput(events, 'NVIDIA H100 80GB HBM3');
    expect(reference.peak_flops_per_device).toBe(989e12);
    expect(reference.mfu).toBeCloseTo((reference.model_flops_per_second as number) / 989e12, 15);
    expect(throughput(events, 'NVIDIA H200').peak_flops_per_device).toBe(989e12);
    expect(throughput(events, 'NVIDIA H100 PCIe').peak_flops_per_device).toBe(756e12);
    expect(throughput(events, 'NVIDIA A100-SXM4-80GB').peak_flops_per_device).toBe(312e12);
    const unknown = throughput(events, 'Tesla T4');
    expect(unknown).toMatchObject({ peak_flops_per_device: null, mfu: null });
    expect(throughput(events, 'Tesla T4', ['--peak-flops', '65e12']).peak_flops_per_device).toBe(65e12);

    const prefixed = join(work, 'prefixed.jsonl');
    const lines = (await readFile(events, 'utf8')).split('\n').map((line) => (line === '' ? line : `[default0]:${line}`));
    await writeFile(prefixed, lines.join('\n'));
    expect(throughput(prefixed, 'NVIDIA H100 80GB HBM3')).toEqual(reference);
  });

  it.skipIf(spawnSync('bash', ['-c', 'command -v nvidia-smi'], { stdio: 'ignore' }).status === 0)('stops at once where there is no NVIDIA GPU', () => {
    const result = spawnSync('bash', [script], { env: { ...process.env, VIFT_PYTHON: python }, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/nvidia-smi not found/);
  });
});
