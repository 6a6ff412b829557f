import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { exactMatch } from '@vift/eval';
import { writeSamples } from '@vift/formats/node';
import { fillTemplate, groupByImage, recipeSchema, samplesForImage, TEMPLATES } from '@vift/generate';
import type { Provenance, Sample, Turn } from '@vift/schema';
import { discoverSources, loadSource, loadSourceImages, type Annotation } from '@vift/sources';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportForTrainer } from '../src/node/index.js';
import { createSyntheticScenes, SCENE_COLORS, type SyntheticScene } from '../src/scenes/index.js';

/**
 * The whole path on CPU: synthetic scenes → a COCO source → @vift/generate's counting turns and Table 1
 * short-answer colour turns → LLaVA data.json → the reference trainer (Python, PyTorch) → greedy answers on
 * held-out scenes → exact match against the majority-answer baseline. Then resume, distributed, failure
 * and serving paths on tiny models.
 *
 * Needs python3 with PyTorch (Debian's python3-torch 1.13 is enough); `VIFT_PYTHON` names another
 * interpreter. Training runs in bfloat16 autocast: on CPUs with AVX-512 BF16 it goes through oneDNN,
 * many times faster than Debian's reference BLAS runs float32.
 */

const trainerPath = fileURLToPath(new URL('../python', import.meta.url));

function findPython(): string | undefined {
  const candidates = [process.env.VIFT_PYTHON, 'python3', '/usr/bin/python3'].filter((candidate): candidate is string => candidate !== undefined && candidate !== '');
  return candidates.find((candidate) => spawnSync(candidate, ['-c', 'import torch, numpy, PIL'], { stdio: 'ignore' }).status === 0);
}

const python = findPython();

type TrainerEvent = { event: string; [field: string]: unknown };
type TrainerRun = { code: number | null; signal: NodeJS.Signals | null; events: TrainerEvent[]; stderr: string };

/**
 * Runs `python -m vift_trainer ...`, collecting its JSON-line events. `onEvent` may return 'kill' to
 * SIGKILL the process at that event. `shell` runs the command through bash (for `ulimit`).
 */
async function runTrainer(argv: string[], options: { onEvent?: (event: TrainerEvent) => 'kill' | undefined; prefix?: string; module?: string[] } = {}): Promise<TrainerRun> {
  const command = [...(options.module ?? [python!, '-m', 'vift_trainer']), ...argv];
  const child =
    options.prefix === undefined
      ? spawn(command[0]!, command.slice(1), { env: { ...process.env, PYTHONPATH: trainerPath, PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('bash', ['-c', `${options.prefix}; exec "$@"`, 'bash', ...command], { env: { ...process.env, PYTHONPATH: trainerPath, PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: TrainerEvent[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (text) => {
    // torchrun's --tee prefixes each worker's lines with "[default<rank>]:".
    const line = text.replace(/^\[default\d+\]:/, '');
    if (!line.startsWith('{')) return;
    const event = JSON.parse(line) as TrainerEvent;
    events.push(event);
    if (options.onEvent?.(event) === 'kill') child.kill('SIGKILL');
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, events, stderr };
}

function ofKind(run: TrainerRun, kind: string): TrainerEvent[] {
  return run.events.filter((event) => event.event === kind);
}

/** The scene the generator's counting turn and the colour turn are about. */
type Question = { question_id: string; image: string; text: string; answer: string; kind: 'counting' | 'colour' };

const colourTemplate = TEMPLATES['table1-short-phrase'];

/** "What color are the circles? Answer the question with a short phrase." and its answer, per shape present. */
function colourTurns(scene: SyntheticScene): { question: string; answer: string }[] {
  return scene.groups.map((group) => {
    const question = group.count === 1 ? `What color is the ${group.shape}?` : `What color are the ${group.shape}s?`;
    return { question: fillTemplate(colourTemplate.text, { question }), answer: group.color };
  });
}

const withoutPlaceholder = (text: string) => text.replace(/^<image>\n/, '');

function pairsOf(sample: Sample): [Turn, Turn][] {
  const pairs: [Turn, Turn][] = [];
  for (let index = 0; index + 1 < sample.turns.length; index += 2) pairs.push([sample.turns[index]!, sample.turns[index + 1]!]);
  return pairs;
}

const timeLimit = 290_000;

describe.skipIf(python === undefined)('reference trainer, end to end on CPU', () => {
  let root = '';
  let sources = '';
  let dataFile = '';
  const questions: Question[] = [];
  let trainSamples = 0;
  let exportedImages = '';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vift-train-e2e-'));
    sources = join(root, 'sources');
    // A narrow range of object sizes: the colour area of a shape then tells its count.
    const objectSize = [0.22, 0.25] as const;
    const train = await createSyntheticScenes({ count: 4000, seed: 7, imageSize: 32, outputDirectory: sources, split: 'train', objectSize });
    const val = await createSyntheticScenes({ count: 400, seed: 7, imageSize: 32, outputDirectory: sources, split: 'val', objectSize });
    const scenes = new Map([...train.scenes, ...val.scenes].map((scene) => [scene.cocoId, scene]));

    // The folder reads as a COCO source, unchanged.
    const discovered = await discoverSources(sources);
    expect(discovered.map((source) => `${source.dataset} ${source.split}`).sort()).toEqual([
      'coco-caption train2017',
      'coco-caption val2017',
      'coco-instances train2017',
      'coco-instances val2017',
    ]);
    const images = await loadSourceImages(discovered);
    async function* annotations(): AsyncIterable<Annotation> {
      for (const source of discovered) yield* loadSource(source, { images });
    }
    const { groups } = await groupByImage({ annotations: annotations(), images });
    expect(groups).toHaveLength(4400);
    // One counting turn per shape present ("How many circles are there in the image? Answer the question
    // with a number."), and the Table 1 caption turn.
    const recipe = recipeSchema.parse({
      name: 'shapes',
      datasets: ['coco-instances', 'coco-caption'],
      imageFolder: '',
      perImage: { captions: 1, counts: 3, objectList: false, regions: 0, referring: 0 },
    });
    const samples: Sample[] = [];
    for (const group of groups) {
      const scene = scenes.get(group.image.cocoId)!;
      const generated = samplesForImage(group, recipe);
      const image = generated[0]!.images[0]!;
      if (group.image.split === 'val2017') {
        for (const sample of generated) {
          for (const [user, assistant] of pairsOf(sample)) {
            if (user.source?.task !== 'counting') continue;
            questions.push({ question_id: `${scene.cocoId}-count-${questions.length}`, image: image.path!, text: withoutPlaceholder(user.text), answer: assistant.text, kind: 'counting' });
          }
        }
        for (const turn of colourTurns(scene)) questions.push({ question_id: `${scene.cocoId}-colour-${questions.length}`, image: image.path!, text: turn.question, answer: turn.answer, kind: 'colour' });
        continue;
      }
      // One sample per question, as the questions are asked at evaluation. In one dialog an earlier caption
      // ("Three red circles.") gives later counting and colour answers away, and a small model learns to copy
      // them from the text instead of looking at the image.
      const pairs: [string, string, Provenance | undefined][] = generated.flatMap(pairsOf).map(([user, assistant]) => [withoutPlaceholder(user.text), assistant.text, user.source]);
      for (const turn of colourTurns(scene)) pairs.push([turn.question, turn.answer, { dataset: 'coco-instances', task: 'colour', template: colourTemplate.id }]);
      pairs.forEach(([question, answer, source], index) => {
        samples.push({
          id: `shapes-${scene.cocoId}-${index}`,
          images: [image],
          turns: [
            { role: 'user', text: `<image>\n${question}`, ...(source === undefined ? {} : { source }) },
            { role: 'assistant', text: answer, ...(source === undefined ? {} : { source }) },
          ],
        });
      });
    }
    // The generated dataset goes through the trainer export, as a user's would: data.json and an images/
    // folder of links in the layout the trainer reads.
    const generated = join(root, 'generated.jsonl');
    trainSamples = await writeSamples(generated, samples, { format: 'llava' });
    const exported = await exportForTrainer({ target: 'reference', input: generated, output: join(root, 'export'), imageRoot: sources });
    expect(exported.written).toBe(trainSamples);
    dataFile = join(root, 'export', 'data.json');
    exportedImages = join(root, 'export', 'images');
    await writeFile(join(root, 'questions.jsonl'), questions.map((question) => JSON.stringify(question)).join('\n') + '\n');
  }, 120_000);

  afterAll(async () => {
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  it(
    'learns to count and name colours on held-out scenes, well above the majority answer',
    async () => {
      expect(trainSamples).toBeGreaterThan(12_000);
      const record = JSON.parse(await readFile(dataFile, 'utf8'))[0];
      expect(record.image).toMatch(/^train2017\/\d{12}\.png$/);
      expect(record.conversations[0].value).toMatch(/^<image>\n/);

      const output = join(root, 'run');
      const started = Date.now();
      const run = await runTrainer([
        'train',
        ...['--data', dataFile, '--image-folder', exportedImages, '--output-dir', output],
        ...['--max-steps', '2000', '--per-device-train-batch-size', '32', '--learning-rate', '1e-3', '--warmup-ratio', '0.1'],
        ...['--hidden-size', '64', '--layers', '2', '--vision-layers', '2', '--heads', '4', '--image-size', '32', '--patch-size', '8'],
        ...['--model-max-length', '128', '--bf16', '--seed', '1'],
      ]);
      const seconds = (Date.now() - started) / 1000;
      expect(run.code, run.stderr).toBe(0);
      const [start] = ofKind(run, 'start');
      expect(start).toMatchObject({ total_steps: 2000, train_samples: trainSamples, patches_per_image: 16, device: 'cpu', dtype: 'bfloat16', resumed_from: null });
      const losses = ofKind(run, 'step').map((event) => event.loss as number);
      expect(losses).toHaveLength(2000);
      const tenth = losses.length / 10;
      const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
      const first = mean(losses.slice(0, tenth));
      const last = mean(losses.slice(-tenth));
      expect(last).toBeLessThan(0.5 * first);
      const [end] = ofKind(run, 'end');
      expect(end).toMatchObject({ step: 2000, reason: 'max-steps' });
      expect(ofKind(run, 'checkpoint').map((event) => event.step)).toEqual([2000]);

      const answersFile = join(root, 'answers.jsonl');
      const predicted = await runTrainer([
        'predict',
        ...['--checkpoint', output, '--questions', join(root, 'questions.jsonl'), '--image-folder', sources, '--output', answersFile, '--bf16'],
      ]);
      expect(predicted.code, predicted.stderr).toBe(0);
      const answers = new Map(
        (await readFile(answersFile, 'utf8'))
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { question_id: string; text: string })
          .map((answer) => [answer.question_id, answer.text]),
      );
      expect(answers.size).toBe(questions.length);
      const report: Record<string, { accuracy: number; baseline: number; questions: number }> = {};
      for (const kind of ['counting', 'colour'] as const) {
        const asked = questions.filter((question) => question.kind === kind);
        const correct = asked.filter((question) => exactMatch({ prediction: answers.get(question.question_id) ?? '', references: question.answer })).length;
        const answerCounts = new Map<string, number>();
        for (const question of asked) answerCounts.set(question.answer, (answerCounts.get(question.answer) ?? 0) + 1);
        const baseline = Math.max(...answerCounts.values()) / asked.length;
        report[kind] = { accuracy: correct / asked.length, baseline, questions: asked.length };
      }
      console.log(
        JSON.stringify({ trainSeconds: Math.round(seconds), firstTenthLoss: first, lastTenthLoss: last, trainLoss: end!.train_loss, samplesPerSecond: end!.train_samples_per_second, ...report }),
      );
      expect(report.counting!.accuracy).toBeGreaterThanOrEqual(2 * report.counting!.baseline);
      expect(report.colour!.accuracy).toBeGreaterThanOrEqual(2 * report.colour!.baseline);

      // The same checkpoint behind the OpenAI-compatible endpoint, a held-out image as a data URL.
      const question = questions.find((candidate) => candidate.kind === 'colour')!;
      const server = spawn(python!, ['-m', 'vift_trainer', 'serve', '--checkpoint', output, '--port', '0', '--bf16'], {
        env: { ...process.env, PYTHONPATH: trainerPath, PYTHONDONTWRITEBYTECODE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
        const serving = JSON.parse(line) as { event: string; url: string };
        expect(serving.event).toBe('serving');
        const png = await readFile(join(sources, question.image));
        const response = await fetch(`${serving.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'any',
            messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` } }, { type: 'text', text: question.text }] }],
            max_tokens: 8,
          }),
        });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { object: string; choices: { message: { role: string; content: string } }[]; usage: { prompt_tokens: number } };
        expect(body.object).toBe('chat.completion');
        expect(body.choices[0]!.message.role).toBe('assistant');
        expect(Object.keys(SCENE_COLORS)).toContain(body.choices[0]!.message.content);
        expect(body.usage.prompt_tokens).toBeGreaterThan(16);
        const refused = await fetch(`${serving.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] }),
        });
        expect(refused.status).toBe(400);
      } finally {
        server.kill('SIGTERM');
      }
    },
    timeLimit,
  );

  const tinyModel = ['--hidden-size', '32', '--layers', '1', '--vision-layers', '1', '--heads', '2', '--image-size', '32', '--patch-size', '8', '--model-max-length', '128'];

  it(
    'resumes a killed run from its last checkpoint and goes on exactly as an uninterrupted run',
    async () => {
      const common = ['--data', dataFile, '--image-folder', sources, '--max-steps', '12', '--per-device-train-batch-size', '8', '--gradient-accumulation-steps', '2', '--save-steps', '4', ...tinyModel];
      const whole = await runTrainer(['train', ...common, '--output-dir', join(root, 'whole')]);
      expect(whole.code, whole.stderr).toBe(0);

      const output = join(root, 'killed');
      let killedAt: number | undefined;
      const killed = await runTrainer(['train', ...common, '--output-dir', output], {
        onEvent: (event) => {
          if (event.event !== 'checkpoint' || killedAt !== undefined) return undefined;
          killedAt = event.step as number;
          return 'kill';
        },
      });
      expect(killed.signal).toBe('SIGKILL');
      expect(killedAt).toBe(4);

      const resumed = await runTrainer(['train', ...common, '--output-dir', output, '--resume']);
      expect(resumed.code, resumed.stderr).toBe(0);
      const [start] = ofKind(resumed, 'start');
      expect(start).toMatchObject({ step: 4, resumed_from: join(output, 'checkpoint-4') });
      const steps = ofKind(resumed, 'step');
      expect(steps.map((event) => event.step)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
      // Same data order, weights, optimizer state and learning rate: the same losses as the run never stopped.
      const wholeLosses = new Map(ofKind(whole, 'step').map((event) => [event.step, event.loss]));
      for (const event of steps) expect(event.loss).toBe(wholeLosses.get(event.step));
      expect(ofKind(resumed, 'checkpoint').map((event) => event.step)).toEqual([8, 12]);
      expect(ofKind(resumed, 'end')[0]).toMatchObject({ step: 12, train_loss: ofKind(whole, 'end')[0]!.train_loss });
    },
    timeLimit,
  );

  it(
    'trains under torchrun with two processes (Gloo)',
    async () => {
      const output = join(root, 'distributed');
      const evalFile = join(root, 'eval.json');
      await writeFile(evalFile, JSON.stringify((JSON.parse(await readFile(dataFile, 'utf8')) as unknown[]).slice(0, 41)));
      const run = await runTrainer(
        [
          ...['-m', 'vift_trainer', 'train', '--data', dataFile, '--image-folder', sources, '--output-dir', output],
          ...['--max-steps', '3', '--per-device-train-batch-size', '4', '--eval-data', evalFile, ...tinyModel],
        ],
        // --redirects and --tee: with their default "0", torchrun of PyTorch 1.13 fails on Python 3.11 (an
        // IntFlag with value 0 is no longer iterated); stderr to log files, stdout to files and the console.
        { module: [python!, '-m', 'torch.distributed.run', '--standalone', '--nproc_per_node', '2', '--redirects', '2', '--tee', '1'] },
      );
      expect(run.code, run.stderr).toBe(0);
      // Only the first process speaks.
      expect(ofKind(run, 'start')).toHaveLength(1);
      expect(ofKind(run, 'start')[0]).toMatchObject({ world_size: 2, global_batch_size: 8 });
      const steps = ofKind(run, 'step');
      expect(steps.map((event) => event.step)).toEqual([1, 2, 3]);
      expect(steps.every((event) => Number.isFinite(event.loss) && (event.samples_per_second as number) > 0)).toBe(true);
      expect(ofKind(run, 'end')[0]).toMatchObject({ step: 3, checkpoint: join(output, 'checkpoint-3') });
      // The evaluation loss at the end, over all 41 held-out samples shared between the two processes.
      const [evaluation] = ofKind(run, 'eval');
      expect(evaluation).toMatchObject({ step: 3, eval_samples: 41 });
      expect(evaluation!.eval_loss as number).toBeGreaterThan(0);
      expect(evaluation!.eval_loss as number).toBeLessThan(10);
    },
    timeLimit,
  );

  it(
    'reports running out of memory as an error event that names the settings to lower',
    async () => {
      // A real allocator failure: one 40,000-token sample under a 4 GB address-space limit cannot hold its
      // attention scores; PyTorch's CPU allocator fails the way CUDA's does on a GPU.
      const long = join(root, 'long.json');
      const words = Array.from({ length: 40_000 }, (_, index) => ['red', 'blue', 'green'][index % 3]).join(' ');
      const image = (JSON.parse(await readFile(dataFile, 'utf8')) as { image: string }[])[0]!.image;
      await writeFile(long, JSON.stringify([{ id: 'long', image, conversations: [{ from: 'human', value: `<image>\n${words}` }, { from: 'gpt', value: 'red' }] }]));
      const run = await runTrainer(
        ['train', '--data', long, '--image-folder', sources, '--output-dir', join(root, 'oom'), '--max-steps', '1', '--per-device-train-batch-size', '1', ...tinyModel, '--model-max-length', '41000'],
        { prefix: 'ulimit -v 4000000' },
      );
      expect(run.code).toBe(3);
      const [error] = ofKind(run, 'error');
      expect(error).toMatchObject({ kind: 'out-of-memory' });
      expect(error!.message).toMatch(/--per-device-train-batch-size 1/);
      expect(error!.message).toMatch(/--model-max-length 41000/);
      expect(error!.fix).toMatch(/--per-device-train-batch-size/);
      expect(error!.fix).toMatch(/--gradient-accumulation-steps/);
      expect(error!.fix).toMatch(/--model-max-length/);
      expect(ofKind(run, 'step')).toHaveLength(0);
    },
    timeLimit,
  );

  it(
    'rejects bad data with one error event naming the record and the fix',
    async () => {
      const bad = join(root, 'bad.json');
      const image = (JSON.parse(await readFile(dataFile, 'utf8')) as { image: string }[])[0]!.image;
      const good = { id: 'a', image, conversations: [{ from: 'human', value: '<image>\nq' }, { from: 'gpt', value: 'a' }] };
      const common = ['--image-folder', sources, '--output-dir', join(root, 'bad'), '--max-steps', '1', ...tinyModel];

      await writeFile(bad, JSON.stringify([good, { ...good, id: 'two-placeholders', conversations: [{ from: 'human', value: '<image>\n<image>\nq' }, { from: 'gpt', value: 'a' }] }]));
      const mismatch = await runTrainer(['train', '--data', bad, ...common]);
      expect(mismatch.code).toBe(2);
      expect(ofKind(mismatch, 'error')[0]).toMatchObject({ kind: 'data' });
      expect(ofKind(mismatch, 'error')[0]!.message).toMatch(/bad\.json: record 1 \(id two-placeholders\): 2 <image> placeholder\(s\) for 1 image\(s\)/);

      await writeFile(bad, JSON.stringify([good, { ...good, id: 'lost', image: 'train2017/missing.png' }]));
      const missing = await runTrainer(['train', '--data', bad, ...common]);
      expect(missing.code).toBe(2);
      expect(ofKind(missing, 'error')[0]!.message).toMatch(/record 1 \(id lost\): image train2017\/missing\.png is not in the image folder/);
      expect(ofKind(missing, 'error')[0]!.fix).toMatch(/--image-folder/);

      await writeFile(bad, JSON.stringify([{ ...good, conversations: [{ from: 'gpt', value: 'a' }, { from: 'human', value: '<image>\nq' }] }]));
      const order = await runTrainer(['train', '--data', bad, ...common]);
      expect(ofKind(order, 'error')[0]!.message).toMatch(/record 0 \(id a\) turn 0: a gpt turn where the human's belongs/);

      const usage = await runTrainer(['train', '--data', bad, ...common, '--per-device-train-batch-size', 'many']);
      expect(usage.code).toBe(2);
      expect(ofKind(usage, 'error')[0]).toMatchObject({ kind: 'usage' });
      expect(ofKind(usage, 'error')[0]!.message).toMatch(/--per-device-train-batch-size: invalid int value: 'many'/);
    },
    timeLimit,
  );
});
