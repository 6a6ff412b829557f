import { spawn } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, fixturesPath, runCli, useTempFolders } from './run-cli.js';

const tempFolder = useTempFolders();

// Stands in for the reference trainer (python -m vift_trainer): prints its JSON lines; in "wait" mode it
// waits for SIGINT, writes a marker and exits 130 as the trainer does.
const fakeTrainer = `import json, os, signal, sys, time
with open(os.environ["FAKE_ARGS"], "w") as handle:
    json.dump(sys.argv[1:], handle)
def emit(event, **fields):
    fields["event"] = event
    print(json.dumps(fields), flush=True)
if os.environ.get("FAKE_MODE") == "wait":
    def stop(number, frame):
        open(os.environ["FAKE_MARKER"], "w").write("SIGINT")
        emit("error", kind="interrupted", message="interrupted", fix="rerun with --resume")
        sys.exit(130)
    signal.signal(signal.SIGINT, stop)
    emit("start", step=0, total_steps=10)
    emit("step", step=1, loss=3.0, learning_rate=0.0003)
    while True:
        time.sleep(0.05)
emit("start", step=0, total_steps=2)
emit("step", step=1, loss=3.0, learning_rate=0.0003)
emit("step", step=2, loss=2.5, learning_rate=0.0001)
emit("checkpoint", step=2, path=os.path.join(sys.argv[sys.argv.index("--output-dir") + 1], "checkpoint-2"))
emit("end", step=2, train_loss=2.75, train_runtime=0.1)
`;

async function setup(): Promise<{ folder: string; config: string; argsFile: string; output: string }> {
  const folder = await tempFolder();
  await mkdir(join(folder, 'python', 'vift_trainer'), { recursive: true });
  await writeFile(join(folder, 'python', 'vift_trainer', '__init__.py'), '');
  await writeFile(join(folder, 'python', 'vift_trainer', '__main__.py'), fakeTrainer);
  const output = join(folder, 'runs', 'tiny');
  const config = join(folder, 'train.json');
  await writeFile(
    config,
    JSON.stringify({ trainer: 'reference', data: { folder: 'export' }, outputDir: 'runs/tiny', cluster: { gpusPerNode: 1 }, training: { globalBatchSize: 4, perDeviceTrainBatchSize: 2 }, reference: { packageDir: 'python' } }),
  );
  return { folder, config, argsFile: join(folder, 'args.json'), output };
}

const env = (argsFile: string, extra: Record<string, string> = {}) => ({ FAKE_ARGS: argsFile, PYTHONDONTWRITEBYTECODE: '1', ...extra });

describe('vift train', () => {
  it('config prints every default, and export writes the LLaVA layout', async () => {
    const config = await runCli(['train', 'config', '--trainer', 'llama-factory']);
    expect(config.code).toBe(0);
    expect(JSON.parse(config.stdout)).toMatchObject({ trainer: 'llama-factory', training: { learningRate: 2e-5, globalBatchSize: 128 }, llamaFactory: { template: 'llava' } });

    const folder = await tempFolder();
    const exported = await runCli(['train', 'export', join(fixturesPath, 'images', 'llava-coco-val2017-4.json'), '--trainer', 'llava', '--out', join(folder, 'llava')]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('llava export: 4 samples written');
    expect(exported.stdout).toContain("1 samples have several images (LLaVA-1.5's train.py reads one)");
    expect((await stat(join(folder, 'llava', 'data.json'))).isFile()).toBe(true);
  });

  it('plan prints the commands, and names the setting when the batch does not add up', async () => {
    const { config } = await setup();
    const plan = await runCli(['train', 'plan', '--config', config, '--trainer', 'llava', '--gpus-per-node', '2', '--json']);
    expect(plan.code).toBe(0);
    const parsed = JSON.parse(plan.stdout);
    expect(parsed.batch).toEqual({ globalBatchSize: 4, perDeviceTrainBatchSize: 2, gradientAccumulationSteps: 1, devices: 2 });
    expect(parsed.commands[0].argv.slice(0, 3)).toEqual(['deepspeed', '--num_gpus', '2']);

    const nodes = await runCli(['train', 'plan', '--config', config, '--trainer', 'llava', '--nodes', '2', '--gpus-per-node', '1', '--master-addr', '10.1.2.3']);
    expect(nodes.code).toBe(0);
    expect(nodes.stdout).toContain('node 1:\n  cd ');
    expect(nodes.stdout).toContain('torchrun --nnodes 2 --nproc_per_node 1 --rdzv_backend c10d --rdzv_endpoint 10.1.2.3:29500');

    const wrong = await runCli(['train', 'plan', '--config', config, '--gpus-per-node', '3']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      'vift: training.globalBatchSize: a global batch of 4 cannot be shared evenly by 3 devices. Fix: choose a multiple of 3 (e.g. 3 or 6), or another device count (cluster.gpusPerNode, cluster.nodes)\n',
    );
    const usage = await runCli(['train', 'plan', '--config', config, '--gpus', '3']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^vift: train plan: unknown option '--gpus'.*Fix: run "vift train plan --help" for the usage\n$/);
  });

  it('dry-run lists each bad record with its fix and exits 1', async () => {
    const { folder, config } = await setup();
    const dataset = join(folder, 'bad.json');
    await writeFile(dataset, JSON.stringify([{ id: 'mismatch', image: 'a.jpg', conversations: [{ from: 'human', value: 'Describe.' }, { from: 'gpt', value: 'A cat.' }] }]));
    const result = await runCli(['train', 'dry-run', dataset, '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('error: record 0 (id "mismatch"): placeholder-count-mismatch: 0 <image> placeholder(s) in the user turns but 1 image(s). Fix: add one <image>');
    expect(result.stdout).toContain('1 samples for reference: 1 errors in 1 samples');
  });

  it('run streams the events, passes --resume with the last checkpoint, and says what went wrong', async () => {
    const { config, argsFile, output } = await setup();
    await mkdir(join(output, 'checkpoint-1'), { recursive: true });
    await mkdir(join(output, 'checkpoint-12'));
    const run = await runCli(['train', 'run', '--config', config, '--resume', '--json'], { env: env(argsFile) });
    expect(run.code).toBe(0);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events.map((event) => event.type)).toEqual(['step', 'step', 'checkpoint', 'end']);
    expect(events[1]).toMatchObject({ step: 2, totalSteps: 2, loss: 2.5 });
    const args = JSON.parse(await readFile(argsFile, 'utf8')) as string[];
    expect(args).toContain('--resume');
    expect(args[args.indexOf('--output-dir') + 1]).toBe(output);
    expect(await readFile(`${output}-plan/train-node0.log`, 'utf8')).toContain('"event": "end"');

    const plain = await runCli(['train', 'run', '--config', config], { env: env(argsFile) });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(`training finished at step 2, loss 2.75; last checkpoint ${output}/checkpoint-2\n`);

    const missing = await runCli(['train', 'run', '--config', config, '--python', '/nonexistent/python3'], { env: env(argsFile) });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('vift: /nonexistent/python3: the program was not found (is it installed and on PATH?). Fix: install Python 3');
  });

  it('run forwards Ctrl-C to the trainer, waits for it and exits 130', async () => {
    const { folder, config, argsFile } = await setup();
    const marker = join(folder, 'marker.txt');
    const child = spawn(process.execPath, [binPath, 'train', 'run', '--config', config, '--json'], { env: { ...process.env, ...env(argsFile, { FAKE_MODE: 'wait', FAKE_MARKER: marker }) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pressed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        // The trainer is running once its first step is reported: now press Ctrl-C.
        if (!pressed && stdout.includes('"type":"step"')) {
          pressed = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', resolve);
    });
    expect(await readFile(marker, 'utf8')).toBe('SIGINT');
    expect(code).toBe(130);
    expect(stderr).toMatch(/vift: interrupted: the trainer stopped\. Fix: run again with --resume/);
  });
});
