import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesPath, runCli, useTempFolders } from './run-cli.js';

const makeFolder = useTempFolders();
const jsonValue = async (file: string) => JSON.stringify(JSON.parse(await readFile(file, 'utf8')));

describe('vift convert with Arrow IPC', () => {
  it('takes a real LLaVA file to an Arrow file and stream and back, the same JSON value', async () => {
    const folder = await makeFolder();
    const input = join(fixturesPath, 'llava', 'llava-instruct-coco-val-30-multiturn.json');
    for (const name of ['data.arrow', 'data.arrows']) {
      const arrow = join(folder, name);
      const there = await runCli(['convert', input, arrow, '--to', 'arrow', '--quiet']);
      expect(there.stderr).toBe('');
      expect(there.code).toBe(0);
      const back = join(folder, `${name}.back.json`);
      expect((await runCli(['convert', arrow, back, '--to', 'llava', '--quiet'])).code).toBe(0);
      expect(await jsonValue(back)).toBe(await jsonValue(input));
    }
  });

  it('goes Parquet → Arrow → Parquet with embedded image bytes unchanged', async () => {
    const folder = await makeFolder();
    const root = join(fixturesPath, 'images');
    const input = join(root, 'llava-coco-val2017-4.json');
    const steps = [
      ['convert', input, join(folder, 'a.parquet'), '--to', 'parquet', '--embed-images', '--image-root', root],
      ['convert', join(folder, 'a.parquet'), join(folder, 'b.arrow'), '--to', 'arrow'],
      ['convert', join(folder, 'b.arrow'), join(folder, 'c.parquet'), '--to', 'parquet'],
      ['convert', join(folder, 'c.parquet'), join(folder, 'back.json'), '--to', 'llava', '--extract-images', join(folder, 'images')],
    ];
    for (const args of steps) expect((await runCli([...args, '--quiet'])).code).toBe(0);
    const sha = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');
    const originals = (await readdir(root)).filter((name) => name.endsWith('.jpg'));
    for (const name of originals) expect(await sha(join(folder, 'images', name))).toBe(await sha(join(root, name)));
    expect(await jsonValue(join(folder, 'back.json'))).toBe(await jsonValue(input));
  });

  it('refuses a file that is not Arrow in one line, leaving no output', async () => {
    const folder = await makeFolder();
    const input = join(folder, 'fake.arrow');
    await writeFile(input, '[{"id": "a"}]');
    const result = await runCli(['convert', input, join(folder, 'out.json'), '--to', 'llava']);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^vift: .*fake\.arrow: it is not an Arrow IPC file or stream\. Fix: /);
    expect((await readdir(folder)).sort()).toEqual(['fake.arrow']);
  });
});
