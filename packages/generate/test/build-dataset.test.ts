import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openParquetDataset } from '@vift/parquet/node';
import { validateSample, type Sample } from '@vift/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { COCO_ALL, SHORT_ANSWER_STYLES, TABLE_1_TEMPLATES, TEMPLATES, recipeSchema } from '../src/index.js';
import { buildDataset } from '../src/node/index.js';

const sample = resolve(import.meta.dirname, '../../../fixtures/coco-sample');
const scratch = await mkdtemp(join(tmpdir(), 'vift-build-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function readSamples(folder: string): Promise<Sample[]> {
  const opened = await openParquetDataset(folder);
  const samples: Sample[] = [];
  for await (const entry of opened.entries) samples.push(entry.sample!);
  return samples;
}

async function parquetBytes(folder: string): Promise<Buffer[]> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.parquet')).sort();
  return Promise.all(names.map((name) => readFile(join(folder, name))));
}

describe('buildDataset on the bundled COCO sample', async () => {
  const first = join(scratch, 'first');
  const summary = await buildDataset({ recipe: COCO_ALL, sources: sample, output: first });
  const samples = await readSamples(first);

  it('reads every set and writes valid samples with turn provenance', () => {
    expect(summary.datasets.used.sort()).toEqual([
      'a-okvqa', 'coco-caption', 'coco-instances', 'coco-qa', 'image-paragraph', 'llava-instruct', 'lvis-instruct4v', 'refcoco',
      'sharegpt4v', 'st-vqa', 'tallyqa', 'vg-qa', 'vg-region', 'visdial', 'vqa-e', 'vqav2', 'vsr',
    ]);
    expect(summary.images).toBe(79);
    expect(samples.length).toBe(summary.samples);
    for (const item of samples) {
      expect(validateSample(item).issues, item.id).toEqual([]);
      for (const turn of item.turns) {
        expect(turn.source?.dataset, item.id).toBeTruthy();
        expect(turn.source?.template, item.id).toBeTruthy();
      }
    }
  });

  it('writes the Table 1 templates of the sets that have data, verbatim', () => {
    const text = samples.flatMap((item) => item.turns.map((turn) => turn.text)).join('\n');
    const present = TABLE_1_TEMPLATES.filter((template) => template.sources.some((source) => summary.datasets.used.includes(source)));
    // The sample has data for every set of Table 1.
    expect(present.length).toBe(TABLE_1_TEMPLATES.length);
    for (const template of present) expect(text).toContain(template.text.replace('{question} ', ''));
    const vqaTurn = samples.flatMap((item) => item.turns).find((turn) => turn.source?.dataset === 'vqav2' && turn.role === 'user');
    expect(vqaTurn?.text).toMatch(/\? Answer the question with a short phrase\.$/);
  });

  it('mixes short and long answers in every dialog (every sample image has captions and questions)', () => {
    const styleOf = (template: string | undefined) => TEMPLATES[template as keyof typeof TEMPLATES]?.answerStyle ?? 'open-ended';
    for (const item of samples) {
      const styles = item.turns.map((turn) => styleOf(turn.source?.template));
      expect(styles.some((style) => SHORT_ANSWER_STYLES.has(style)), item.id).toBe(true);
      expect(styles.some((style) => !SHORT_ANSWER_STYLES.has(style)), item.id).toBe(true);
    }
  });

  it('gives byte-identical Parquet for the same inputs and seed', async () => {
    const second = join(scratch, 'second');
    await buildDataset({ recipe: COCO_ALL, sources: sample, output: second });
    expect(await parquetBytes(second)).toEqual(await parquetBytes(first));
    const reseeded = join(scratch, 'reseeded');
    await buildDataset({ recipe: { ...COCO_ALL, seed: 1 }, sources: sample, output: reseeded });
    expect(await parquetBytes(reseeded)).not.toEqual(await parquetBytes(first));
  });

  it('gives the same samples as four shards merged, each shard disjoint', async () => {
    const parts: Sample[][] = [];
    for (let index = 0; index < 4; index++) {
      const folder = join(scratch, `shard-${index}`);
      await buildDataset({ recipe: COCO_ALL, sources: sample, output: folder, shard: { index, count: 4 } });
      parts.push(await readSamples(folder));
    }
    for (const part of parts) expect(part.length).toBeGreaterThan(0);
    const merged = parts.flat().sort((left, right) => left.id.localeCompare(right.id));
    const whole = [...samples].sort((left, right) => left.id.localeCompare(right.id));
    expect(merged).toEqual(whole);
  });
});

describe('buildDataset on bad sources', () => {
  const copyOfSample = async (name: string) => {
    const folder = join(scratch, name);
    await cp(sample, folder, { recursive: true });
    return folder;
  };

  it('names a missing sources folder', async () => {
    await expect(buildDataset({ recipe: COCO_ALL, sources: join(scratch, 'nowhere'), output: join(scratch, 'out-nowhere') })).rejects.toThrow(/nowhere/);
  });

  it('needs COCO images', async () => {
    const folder = await copyOfSample('no-coco');
    await rm(join(folder, 'coco'), { recursive: true });
    await expect(buildDataset({ recipe: COCO_ALL, sources: folder, output: join(scratch, 'out-no-coco') })).rejects.toThrow(/no COCO captions or instances file/);
  });

  it('names the missing file of a set that needs two', async () => {
    const folder = await copyOfSample('no-vqa-answers');
    await rm(join(folder, 'vqav2/v2_mscoco_val2014_annotations.json'));
    await expect(buildDataset({ recipe: COCO_ALL, sources: folder, output: join(scratch, 'out-no-answers') })).rejects.toThrow(/vqav2 val2014 is missing its annotations file/);
    expect(await readdir(scratch)).not.toContain('out-no-answers');
  });

  it('names the missing key of a file of another format passed as COCO', async () => {
    const folder = await copyOfSample('not-coco');
    await writeFile(join(folder, 'coco/annotations/captions_val2017.json'), JSON.stringify({ questions: [] }));
    await expect(buildDataset({ recipe: COCO_ALL, sources: folder, output: join(scratch, 'out-not-coco') })).rejects.toThrow(/"images"/);
  });

  it('counts annotations on unknown images and goes on', async () => {
    const folder = await copyOfSample('unknown-images');
    const questionsFile = join(folder, 'vqav2/v2_OpenEnded_mscoco_val2014_questions.json');
    const annotationsFile = join(folder, 'vqav2/v2_mscoco_val2014_annotations.json');
    const questions = JSON.parse(await readFile(questionsFile, 'utf8'));
    const answers = JSON.parse(await readFile(annotationsFile, 'utf8'));
    questions.questions.push({ image_id: 999_999_999, question: 'Is this image missing?', question_id: 999_999_999_000 });
    answers.annotations.push({ ...answers.annotations[0], image_id: 999_999_999, question_id: 999_999_999_000 });
    await writeFile(questionsFile, JSON.stringify(questions));
    await writeFile(annotationsFile, JSON.stringify(answers));
    const summary = await buildDataset({ recipe: COCO_ALL, sources: folder, output: join(scratch, 'out-unknown') });
    const vqa = summary.loads.find((load) => load.dataset === 'vqav2');
    expect(vqa?.droppedUnknownImage).toBe(1);
    expect(summary.images).toBe(79);
  });

  it('stops at a malformed Visual Genome coco_id, naming the record', async () => {
    const folder = await copyOfSample('bad-vg');
    const file = join(folder, 'vg/image_data.json');
    const images = JSON.parse(await readFile(file, 'utf8'));
    images[3].coco_id = 'COCO_139';
    await writeFile(file, JSON.stringify(images));
    await expect(buildDataset({ recipe: COCO_ALL, sources: folder, output: join(scratch, 'out-bad-vg') })).rejects.toThrow(/image_data\.json.*3.*coco_id/s);
  });

  it('uses only the datasets a recipe names', async () => {
    const recipe = recipeSchema.parse({ name: 'captions-only', datasets: ['coco-caption'] });
    const summary = await buildDataset({ recipe, sources: sample, output: join(scratch, 'out-captions') });
    expect(summary.datasets.used).toEqual(['coco-caption']);
    expect(summary.datasets.skipped).toContain('vqav2');
    expect(summary.datasets.skipped).not.toContain('coco-caption');
    expect(summary.turns).toBe(2 * 79);
  });
});
