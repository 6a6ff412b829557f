import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { fixturesPath, runCli, useTempFolders } from './run-cli.js';

const makeFolder = useTempFolders();
const fixture = join(fixturesPath, 'llava', 'llava-instruct-coco-val-90.json');

const turn = (from: string, value: unknown) => ({ from, value });
const records = [
  { id: 'ok', image: 'a.jpg', conversations: [turn('human', '<image>\nQ?'), turn('gpt', 'A.')] },
  { id: 'starts-with-answer', conversations: [turn('gpt', 'A.'), turn('human', 'Q?')] },
  { id: 'ends-with-question', conversations: [turn('human', 'Q?'), turn('gpt', 'A.'), turn('human', 'Q2?')] },
  { id: 'no-image', image: 'b.jpg', conversations: [turn('human', 'Q?'), turn('gpt', 'A.')] },
  { id: 'number', conversations: [turn('human', 'Q?'), turn('gpt', 7)] },
  { id: 'ok', image: 'c.jpg', conversations: [turn('human', '<image>\nQ?'), turn('gpt', 'A.')] },
];

async function writeInvalid(): Promise<string> {
  const file = join(await makeFolder(), 'data.json');
  await writeFile(file, JSON.stringify(records, null, 2));
  return file;
}

describe('vift validate', () => {
  it.concurrent('exits 0 on a valid file and says how many records it read', async ({ expect }) => {
    const result = await runCli(['validate', fixture]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const [first, second, ...rest] = result.stdout.trimEnd().split('\n');
    expect(first).toMatch(/^.*llava-instruct-coco-val-90\.json: llava \(JSON array\), .* 90 records in /);
    expect(second).toBe('valid: 90  invalid: 0');
    expect(rest).toEqual([]);
  });

  it.concurrent('exits 1 and groups the issues by code, with examples naming the sample id and the turn', async ({ expect }) => {
    const file = await writeInvalid();
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[1]).toBe('valid: 1  invalid: 5');
    const groups = new Map<string, string[]>();
    let current: string[] = [];
    for (const line of lines.slice(2)) {
      const header = /^([a-z-]+): (\d+) \(fix: .+\)$/.exec(line);
      if (header !== null) groups.set(header[1]!, (current = []));
      else if (line !== '') current.push(line);
    }
    expect([...groups.keys()].sort()).toEqual(['duplicate-id', 'invalid-structure', 'placeholder-count-mismatch', 'role-order']);
    expect(lines).toContain('role-order: 2 (fix: start with an optional system turn, then alternate user and assistant, ending with assistant)');
    expect(groups.get('role-order')).toEqual([
      expect.stringMatching(/^ {2}record 1 \(id "starts-with-answer"\) at byte \d+, turn 0: /),
      expect.stringMatching(/^ {2}record 2 \(id "ends-with-question"\) at byte \d+, turn 2: /),
    ]);
    expect(groups.get('invalid-structure')).toEqual([expect.stringMatching(/^ {2}record 4 \(id "number"\) at byte \d+, turn 1: conversations\[1\]\.value: /)]);
    expect(groups.get('placeholder-count-mismatch')).toEqual([expect.stringContaining('record 3 (id "no-image")')]);
    expect(groups.get('duplicate-id')).toEqual([expect.stringContaining('record 5 (id "ok")')]);
  });

  it.concurrent('limits the examples with --examples and says how many more there are', async ({ expect }) => {
    const result = await runCli(['validate', await writeInvalid(), '--examples', '1']);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const at = lines.findIndex((line) => line.startsWith('role-order: 2'));
    expect(lines.slice(at + 1, at + 3)).toEqual([expect.stringContaining('id "starts-with-answer"'), '  … and 1 more']);
  });

  it.concurrent('prints parseable JSON with --json', async ({ expect }) => {
    const result = await runCli(['validate', await writeInvalid(), '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { records: number; valid: number; invalid: number; format: string; byCode: Array<{ code: string; count: number; examples: Array<Record<string, unknown>> }> };
    expect(report).toMatchObject({ records: 6, valid: 1, invalid: 5, format: 'llava', container: 'json' });
    const roleOrder = report.byCode.find((group) => group.code === 'role-order')!;
    expect(roleOrder.count).toBe(2);
    expect(roleOrder.examples.map((issue) => [issue.sampleId, issue.index, issue.turnIndex])).toEqual([
      ['starts-with-answer', 1, 0],
      ['ends-with-question', 2, 2],
    ]);
    const valid = await runCli(['validate', fixture, '--json']);
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ records: 90, valid: 90, invalid: 0, byCode: [] });
  });

  it.concurrent('checks image files under --image-root', async ({ expect }) => {
    const folder = await makeFolder();
    await writeFile(join(folder, 'a.jpg'), 'jpeg');
    const file = join(folder, 'data.jsonl');
    const lines = ['a.jpg', '../a.jpg', 'missing.jpg'].map((image, k) => JSON.stringify({ id: `r${k}`, image, conversations: [turn('human', '<image>'), turn('gpt', 'A.')] }));
    await writeFile(file, lines.join('\n'));
    const result = await runCli(['validate', file, '--image-root', folder, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { byCode: Array<{ code: string; examples: Array<{ sampleId: string }> }> };
    expect(report.byCode.map((group) => [group.code, group.examples.map((issue) => issue.sampleId)]).sort()).toEqual([
      ['image-file-missing', ['r2']],
      ['image-path-escapes-root', ['r1']],
    ]);
  });

  it.concurrent('fails with one line when the file cannot be read as a dataset', async ({ expect }) => {
    const file = join(await makeFolder(), 'empty.json');
    await writeFile(file, '');
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`vift: ${file}: the file is empty. Fix: expected a JSON array of records or JSON Lines\n`);
  });
});
