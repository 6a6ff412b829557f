import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const examples = fileURLToPath(new URL('..', import.meta.url));
const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function runExample(script: string): Promise<{ stdout: string; output: string }> {
  const output = await mkdtemp(join(tmpdir(), 'vift-example-'));
  folders.push(output);
  const { stdout, stderr } = await run(process.execPath, [join(examples, script), output], { cwd: output });
  expect(stderr).toBe('');
  return { stdout, output };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const jsonLines = async (file: string) => (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('examples', () => {
  it('every example in the folder is covered here', async () => {
    const scripts = (await readdir(examples)).filter((name) => name.endsWith('.mjs')).sort();
    expect(scripts).toEqual(['custom-recipe-new-template.mjs', 'export-llama-factory.mjs', 'llava-to-parquet-with-images.mjs', 'mix-with-weights-and-dedupe.mjs', 'score-predictions.mjs']);
  });

  it('llava-to-parquet-with-images: DuckDB reads the image bytes back equal to the files', async () => {
    const { stdout, output } = await runExample('llava-to-parquet-with-images.mjs');
    expect(stdout).toMatch(/^wrote 4 samples to /);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`SELECT id, images[1].path AS path, images[1].bytes AS bytes FROM read_parquet('${join(output, 'data', '*.parquet')}') ORDER BY id`);
    const rows = reader.getRowObjects() as { id: string; path: string; bytes: { bytes: Uint8Array } }[];
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const file = await readFile(join(fixtures, 'images', row.path));
      expect(sha256(row.bytes.bytes)).toBe(sha256(file));
    }
    connection.closeSync();
  });

  it('custom-recipe-new-template: every sample ends with the new template, answered from the COCO instances', async () => {
    const { stdout, output } = await runExample('custom-recipe-new-template.mjs');
    expect(stdout).toMatch(/^79 samples, \d+ turns on 79 images/);
    const records = JSON.parse(await readFile(join(output, 'coco-all-with-presence.json'), 'utf8')) as { image: string; conversations: { from: string; value: string; source?: { template?: string } }[] }[];
    const instances = JSON.parse(await readFile(join(fixtures, 'coco-sample/coco/annotations/instances_val2017.json'), 'utf8')) as { annotations: { image_id: number; category_id: number }[]; categories: { id: number; name: string }[] };
    const names = new Map(instances.categories.map((category) => [category.id, category.name]));
    const present = new Map<number, Set<string>>();
    for (const annotation of instances.annotations) present.set(annotation.image_id, (present.get(annotation.image_id) ?? new Set()).add(names.get(annotation.category_id)!));
    let yes = 0;
    for (const record of records) {
      const [question, answer] = record.conversations.slice(-2);
      expect(question!.source?.template).toBe('presence-yes-no');
      const category = /^Is there a (.+) in the image\?/.exec(question!.value)![1]!;
      const cocoId = Number(/(\d+)\.jpg$/.exec(record.image)![1]);
      expect(answer!.value).toBe(present.get(cocoId)?.has(category) === true ? 'Yes' : 'No');
      if (answer!.value === 'Yes') yes++;
    }
    // Both answers occur: the template asks about absent objects too.
    expect(yes).toBeGreaterThan(10);
    expect(records.length - yes).toBeGreaterThan(10);
  });

  it('mix-with-weights-and-dedupe: the repeated source is dropped, and train and test are disjoint', async () => {
    const { stdout, output } = await runExample('mix-with-weights-and-dedupe.mjs');
    expect(stdout).toContain('duplicates dropped: 90');
    const train = await jsonLines(join(output, 'train.jsonl'));
    const test = await jsonLines(join(output, 'test.jsonl'));
    expect(train.length + test.length).toBe(150);
    const ids = [...train, ...test].map((record) => record.id);
    expect(new Set(ids).size).toBe(150);
    expect(test.length).toBeGreaterThan(5);
  });

  it('export-llama-factory: a ShareGPT file and its dataset_info.json entry', async () => {
    const { output } = await runExample('export-llama-factory.mjs');
    const info = JSON.parse(await readFile(join(output, 'dataset_info.json'), 'utf8')) as Record<string, { file_name: string; formatting: string; columns: Record<string, string> }>;
    expect(info.coco_instruct_90).toMatchObject({ file_name: 'coco_instruct_90.json', formatting: 'sharegpt', columns: { messages: 'conversations', images: 'images' } });
    const records = JSON.parse(await readFile(join(output, 'coco_instruct_90.json'), 'utf8')) as { conversations: { from: string }[]; images: string[] }[];
    expect(records).toHaveLength(90);
    expect(records.every((record) => record.images.length === 1 && record.conversations[0]!.from === 'human')).toBe(true);
  });

  it('score-predictions: the published POPE F1 and LLaVA-Bench score of LLaVA-1.5-13B', async () => {
    const { stdout } = await runExample('score-predictions.mjs');
    expect(stdout).toContain('POPE F1 85.9');
    expect(stdout).toContain('LLaVA-Bench (in-the-wild) relative score 72.5');
  });
});
