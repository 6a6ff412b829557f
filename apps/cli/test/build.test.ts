import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesPath, runCli, useTempFolders } from './run-cli.js';

const sample = join(fixturesPath, 'coco-sample');
const tempFolder = useTempFolders();

describe('vift build', () => {
  it('builds coco-all from the bundled COCO sample into Parquet shards with a dataset card and statistics', async () => {
    const out = join(await tempFolder(), 'coco-all');
    const result = await runCli(['build', '--recipe', 'coco-all', '--sources', sample, '--out', out, '--json', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.images).toBe(79);
    expect(summary.samples).toBeGreaterThan(79);
    expect((await readdir(out)).sort()).toEqual(['README.md', 'statistics.html', 'statistics.json', 'train-00000-of-00001.parquet']);
    const statistics = JSON.parse(await readFile(join(out, 'statistics.json'), 'utf8'));
    expect(statistics.totals.samples).toBe(summary.samples);
    expect(await readFile(join(out, 'statistics.html'), 'utf8')).toContain('<svg');
    const back = join(await tempFolder(), 'back.json');
    const converted = await runCli(['convert', out, back, '--to', 'llava', '--quiet']);
    expect(converted.code).toBe(0);
    const records = JSON.parse(await readFile(back, 'utf8'));
    expect(records.length).toBe(summary.samples);
    expect(records[0].conversations[0].value.startsWith('<image>\n')).toBe(true);
  });

  it('builds one shard of four and says which', async () => {
    const out = join(await tempFolder(), 'part-1');
    const result = await runCli(['build', '--recipe', 'coco-all', '--sources', sample, '--out', out, '--shard', '1/4']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^coco-all \(shard 1\/4\): \d+ samples/);
  });

  it('refuses a bad shard, an unknown recipe and a recipe file with a misspelt key, in one line each', async () => {
    const folder = await tempFolder();
    const badShard = await runCli(['build', '--recipe', 'coco-all', '--sources', sample, '--out', join(folder, 'a'), '--shard', '4/4']);
    expect(badShard.code).toBe(2);
    expect(badShard.stderr.trim().split('\n')).toHaveLength(1);
    expect(badShard.stderr).toContain('0 ≤ i < n');
    const unknown = await runCli(['build', '--recipe', 'coco-none', '--sources', sample, '--out', join(folder, 'b')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('vift: unknown recipe "coco-none". Fix: use one of coco-all, mix665k-like or a recipe .json file\n');
    const recipeFile = join(folder, 'mine.json');
    await writeFile(recipeFile, JSON.stringify({ name: 'mine', perImage: { caption: 2 } }));
    const misspelt = await runCli(['build', '--recipe', recipeFile, '--sources', sample, '--out', join(folder, 'c')]);
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr).toMatch(/^vift: .*mine\.json: recipe key "perImage": .*caption/);
    expect(await readdir(folder)).toEqual(['mine.json']);
  });

  it('names a missing sources folder', async () => {
    const folder = await tempFolder();
    const result = await runCli(['build', '--recipe', 'coco-all', '--sources', join(folder, 'nowhere'), '--out', join(folder, 'out')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^vift: .*nowhere.*Fix: /);
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('vift recipe', () => {
  it('lists the built-in recipes and shows one with every default, which builds as a file', async () => {
    const list = await runCli(['recipe', 'list']);
    expect(list.stdout.split('\n').filter(Boolean).map((line) => line.split('\t')[0])).toEqual(['coco-all', 'mix665k-like']);
    const shown = await runCli(['recipe', 'show', 'coco-all']);
    expect(shown.code).toBe(0);
    const recipe = JSON.parse(shown.stdout);
    expect(recipe).toMatchObject({ name: 'coco-all', seed: 0, dialogStyle: 'mixed-dialogs', wording: 'verbatim', perImage: { captions: 1 }, dialog: { maxTurns: 12 } });
    const folder = await tempFolder();
    await writeFile(join(folder, 'edited.json'), JSON.stringify({ ...recipe, name: 'edited', seed: 3 }));
    const again = await runCli(['recipe', 'show', join(folder, 'edited.json')]);
    expect(JSON.parse(again.stdout)).toEqual({ ...recipe, name: 'edited', seed: 3 });
  });
});

describe('vift stats', () => {
  it('summarises a built dataset per source and writes the JSON and HTML report', async () => {
    const folder = await tempFolder();
    const out = join(folder, 'coco-all');
    await runCli(['build', '--recipe', 'coco-all', '--sources', sample, '--out', out, '--quiet']);
    const reportFolder = join(folder, 'report');
    const result = await runCli(['stats', out, '--out', reportFolder]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^## .*coco-all\n\n\d+ samples, [\d,]+ turns, 79 COCO images/);
    for (const source of ['coco-caption', 'coco-instances', 'vg-region', 'vg-qa', 'vqav2']) expect(result.stdout).toContain(`| ${source} |`);
    const fromStats = JSON.parse(await readFile(join(reportFolder, 'statistics.json'), 'utf8'));
    const fromBuild = JSON.parse(await readFile(join(out, 'statistics.json'), 'utf8'));
    expect(fromStats.totals).toEqual(fromBuild.totals);
    const llava = join(folder, 'coco-all.json');
    await runCli(['convert', out, llava, '--to', 'llava', '--quiet']);
    const fromLlava = JSON.parse((await runCli(['stats', llava, '--json'])).stdout);
    // LLaVA files carry no turn provenance: the totals agree, the sources do not survive.
    expect(fromLlava.totals.turns).toBe(fromBuild.totals.turns);
  });
});
