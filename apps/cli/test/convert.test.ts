import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesPath, runCli, useTempFolders } from './run-cli.js';

const makeFolder = useTempFolders();
const fixture = join(fixturesPath, 'llava', 'llava-instruct-coco-val-90.json');

async function readRecords(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  if (file.endsWith('.jsonl')) return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
  return JSON.parse(text) as unknown[];
}

const targets = [
  { to: 'llava', file: 'out.json', field: 'conversations' },
  { to: 'llava-jsonl', file: 'out.jsonl', field: 'conversations' },
  { to: 'sharegpt', file: 'out.json', field: 'conversations' },
  { to: 'sharegpt-messages', file: 'out.json', field: 'messages' },
  { to: 'trl', file: 'out.jsonl', field: 'messages' },
  { to: 'openai', file: 'out.jsonl', field: 'messages' },
] as const;

describe('vift convert', () => {
  for (const target of targets) {
    it.concurrent(`converts the LLaVA fixture to ${target.to} and back to the same JSON value`, async ({ expect }) => {
      const folder = await makeFolder();
      const output = join(folder, target.file);
      const extras = target.to === 'openai' ? ['--openai-extras'] : [];
      const there = await runCli(['convert', fixture, output, '--to', target.to, ...extras]);
      expect(there.stderr).toBe(''); // no progress bar: stderr is a pipe here, not a terminal
      expect(there.code).toBe(0);
      expect(there.stdout).toContain('90 written, 0 rejected');
      const converted = await readRecords(output);
      expect(converted).toHaveLength(90);
      expect(converted.every((record) => Array.isArray((record as Record<string, unknown>)[target.field]))).toBe(true);

      const back = join(folder, 'back.json');
      const returned = await runCli(['convert', output, back, '--to', 'llava']);
      expect(returned.stderr).toBe('');
      expect(returned.code).toBe(0);
      const original = await readFile(fixture, 'utf8');
      const roundTrip = await readFile(back, 'utf8');
      expect(JSON.parse(roundTrip)).toEqual(JSON.parse(original));
      // Key order too: the same JSON value, written the same way.
      expect(JSON.stringify(JSON.parse(roundTrip))).toBe(JSON.stringify(JSON.parse(original)));
      // LLaMA-Factory needs dataset_info.json beside ShareGPT output; other formats leave none.
      const expected = target.to.startsWith('sharegpt') ? ['back.json', 'dataset_info.json', target.file] : ['back.json', target.file];
      expect((await readdir(folder)).sort()).toEqual(expected.sort());
      if (target.to.startsWith('sharegpt')) {
        const info = JSON.parse(await readFile(join(folder, 'dataset_info.json'), 'utf8')) as Record<string, { file_name: string }>;
        expect(Object.keys(info)).toEqual(['out']);
        expect(info.out!.file_name).toBe(target.file);
      }
    });
  }

  it.concurrent('writes dataset_info.json beside ShareGPT output and keeps the entries already there', async ({ expect }) => {
    const folder = await makeFolder();
    const theirs = { file_name: 'alpaca.json', columns: { prompt: 'instruction' } };
    await writeFile(join(folder, 'dataset_info.json'), JSON.stringify({ alpaca: theirs, coco: { file_name: 'stale.json' } }, null, 2));
    expect((await runCli(['convert', fixture, join(folder, 'coco.json'), '--to', 'sharegpt'])).code).toBe(0);
    expect((await runCli(['convert', fixture, join(folder, 'coco-messages.json'), '--to', 'sharegpt-messages'])).code).toBe(0);
    const info = JSON.parse(await readFile(join(folder, 'dataset_info.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(info)).toEqual(['alpaca', 'coco', 'coco-messages']);
    expect(info.alpaca).toEqual(theirs);
    expect(info.coco).toEqual({
      file_name: 'coco.json',
      formatting: 'sharegpt',
      columns: { messages: 'conversations', images: 'images' },
      tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', system_tag: 'system' },
    });
    expect(info['coco-messages']).toMatchObject({ file_name: 'coco-messages.json', columns: { messages: 'messages', images: 'images' }, tags: { role_tag: 'role' } });

    const without = await makeFolder();
    expect((await runCli(['convert', fixture, join(without, 'coco.json'), '--to', 'sharegpt', '--no-dataset-info'])).code).toBe(0);
    expect(await readdir(without)).toEqual(['coco.json']);
  });

  it.concurrent('with --on-invalid skip keeps every valid record and writes every rejected one with its reason', async ({ expect }) => {
    const folder = await makeFolder();
    const valid = (JSON.parse(await readFile(fixture, 'utf8')) as Array<Record<string, unknown>>).slice(0, 40);
    const invalid: Array<[number, unknown, string]> = [
      [3, { id: 'roles', conversations: [{ from: 'gpt', value: 'A' }, { from: 'human', value: 'Q' }] }, 'role-order'],
      [10, { id: 'count', image: 'x.jpg', conversations: [{ from: 'human', value: 'no placeholder' }, { from: 'gpt', value: 'A' }] }, 'placeholder-count-mismatch'],
      [20, { id: 'types', conversations: [{ from: 'human', value: null }, { from: 'gpt', value: 'A' }] }, 'invalid-structure'],
      [30, valid[0], 'duplicate-id'],
    ];
    const records: unknown[] = [...valid];
    for (const [at, record] of invalid) records.splice(at, 0, record);
    const input = join(folder, 'mixed.json');
    await writeFile(input, JSON.stringify(records, null, 2));

    const output = join(folder, 'clean.json');
    const result = await runCli(['convert', input, output, '--to', 'llava', '--on-invalid', 'skip']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('40 written, 4 rejected');
    expect(result.stdout).toContain(`${output}.rejects.jsonl`);
    expect(await readRecords(output)).toEqual(valid);
    const rejects = (await readRecords(`${output}.rejects.jsonl`)) as Array<{ index: number; id: string; issues: Array<{ code: string; message: string }>; record: unknown }>;
    expect(rejects.map((line) => [line.index, line.issues.map((issue) => issue.code)])).toEqual(invalid.map(([at, , code]) => [at, [code]]));
    expect(rejects.map((line) => line.record)).toEqual(invalid.map(([, record]) => record));
    expect(rejects.every((line) => line.issues[0]!.message !== '')).toBe(true);

    const elsewhere = join(folder, 'rejected.jsonl');
    const again = await runCli(['convert', input, join(folder, 'clean.jsonl'), '--to', 'trl', '--on-invalid', 'skip', '--rejects', elsewhere, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ from: 'llava', to: 'trl', toContainer: 'jsonl', records: 44, written: 40, rejected: 4, rejectsPath: elsewhere });
    expect(await readRecords(join(folder, 'clean.jsonl'))).toHaveLength(40);
    expect(((await readRecords(elsewhere)) as Array<{ id: string }>).map((line) => line.id)).toEqual(['roles', 'count', 'types', valid[0]!.id]);
    expect((await readdir(folder)).sort()).toEqual(['clean.json', 'clean.json.rejects.jsonl', 'clean.jsonl', 'mixed.json', 'rejected.jsonl']);
  });
});
