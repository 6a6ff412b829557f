import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ParquetWriter, createCodec, viftLayout } from '@vift/parquet';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, it } from 'vitest';
import { fixturesPath, runCli, useTempFolders } from './run-cli.js';

// `vift convert` to and from Parquet: real fixtures and images, shards, lone surrogates, files of other
// writers, and image paths that try to leave their folder.

const makeFolder = useTempFolders();
const imageRoot = join(fixturesPath, 'images');
const imagesFixture = join(imageRoot, 'llava-coco-val2017-4.json');
const imageNames = ['000000000802.jpg', '000000011813.jpg', '000000117645.jpg', '000000205401.jpg'];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const jsonValue = async (file: string) => JSON.stringify(JSON.parse(await readFile(file, 'utf8')));

async function sha256Of(folder: string, names: readonly string[]): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const name of names) digests[name] = sha256(await readFile(join(folder, name)));
  return digests;
}

describe('vift convert with Parquet', () => {
  // Every fixture goes through both layouts in packages/parquet's tests; here one each, by the command.
  for (const [layout, name] of [
    ['vift', 'llava-bench-in-the-wild-60.json'],
    ['llava', 'llava-instruct-coco-val-30-multiturn.json'],
  ] as const) {
    it.concurrent(`takes ${name} through the ${layout} layout and back to the same JSON value`, async ({ expect }) => {
      const folder = await makeFolder();
      const input = join(fixturesPath, 'llava', name);
      const parquet = join(folder, `${name}.parquet`);
      const back = join(folder, `${name}.back.json`);
      const there = await runCli(['convert', input, parquet, '--to', 'parquet', '--layout', layout, '--compression', 'zstd']);
      expect(there.stderr).toBe('');
      expect(there.stdout).toContain(`(parquet (${layout} layout, zstd)): `);
      const returned = await runCli(['convert', parquet, back, '--to', 'llava']);
      expect(returned.stderr).toBe('');
      expect(returned.stdout).toContain(`(parquet (${layout} layout)) → ${back} (llava, json)`);
      expect(await jsonValue(back)).toBe(await jsonValue(input));
    });
  }

  it.concurrent('reads the DuckDB and Polars files back to the LLaVA JSON they were made from', async ({ expect }) => {
    const folder = await makeFolder();
    const made = [
      ['duckdb-llava-bench-in-the-wild-60.snappy.parquet', 'llava-bench-in-the-wild-60.json'],
      ['duckdb-llava-bench-in-the-wild-60.zstd.parquet', 'llava-bench-in-the-wild-60.json'],
      ['duckdb-llava-instruct-coco-val-30-multiturn.vift-lists.parquet', 'llava-instruct-coco-val-30-multiturn.json'],
      ['polars-llava-bench-coco-90.parquet', 'llava-bench-coco-90.json'],
    ];
    for (const [parquet, source] of made) {
      const back = join(folder, `${parquet}.json`);
      const result = await runCli(['convert', join(fixturesPath, 'parquet', parquet!), back, '--to', 'llava']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      // The extra column ("category") comes back as the record's extra key, after "conversations".
      expect(await jsonValue(back)).toBe(await jsonValue(join(fixturesPath, 'llava', source!)));
    }
  });

  it.concurrent('embeds image files and extracts them again with the same bytes', async ({ expect }) => {
    const folder = await makeFolder();
    const parquet = join(folder, 'images.parquet');
    const embedded = await runCli(['convert', imagesFixture, parquet, '--to', 'parquet', '--embed-images', '--image-root', imageRoot]);
    expect(embedded.stderr).toBe('');
    expect(embedded.stdout).toContain('4 written, 0 rejected');
    // The bytes are in the file, as another reader sees them.
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(parquet), utf8: false, compressors })) as Array<{ images: Array<{ bytes: Uint8Array; path: string }> }>;
    const inFile = Object.fromEntries(rows.flatMap((row) => row.images.map((image) => [image.path, sha256(image.bytes)])));
    const originals = await sha256Of(imageRoot, imageNames);
    expect(inFile).toEqual(originals);

    const extracted = join(folder, 'extracted');
    const back = join(folder, 'back.json');
    const result = await runCli(['convert', parquet, back, '--to', 'llava', '--extract-images', extracted]);
    expect(result.stderr).toBe('');
    expect((await readdir(extracted)).sort()).toEqual(imageNames);
    expect(await sha256Of(extracted, imageNames)).toEqual(originals);
    // Paths relative to the folder the images went to: the LLaVA file is the one embedded.
    expect(await jsonValue(back)).toBe(await jsonValue(imagesFixture));
  });

  it.concurrent('skips, with --on-invalid skip, what the LLaVA layout cannot hold and what is invalid', async ({ expect }) => {
    const folder = await makeFolder();
    const input = join(folder, 'mixed.json');
    const records = JSON.parse(await readFile(imagesFixture, 'utf8')) as Array<Record<string, unknown>>;
    const noAnswer = { id: 'no-answer', image: '000000000802.jpg', conversations: [{ from: 'human', value: '<image>\nWhat is it?' }] };
    await writeFile(input, JSON.stringify([...records.slice(0, 2), noAnswer, ...records.slice(2)]));
    const parquet = join(folder, 'out.parquet');
    const result = await runCli(['convert', input, parquet, '--to', 'parquet', '--layout', 'llava', '--embed-images', '--image-root', imageRoot, '--on-invalid', 'skip']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 written, 2 rejected');
    expect(result.stdout).toContain(`rejected records with their reasons: ${parquet}.rejects.jsonl`);
    const rejects = (await readFile(`${parquet}.rejects.jsonl`, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { id: string; issues: Array<{ code: string }> });
    expect(rejects.map((reject) => [reject.id, reject.issues.map((issue) => issue.code)])).toEqual([
      ['no-answer', ['role-order']],
      ['000000205401-000000117645', ['not-representable']],
    ]);
    const back = join(folder, 'back.json');
    await runCli(['convert', parquet, back, '--to', 'llava', '--extract-images', join(folder, 'images')]);
    expect(JSON.parse(await readFile(back, 'utf8'))).toEqual(records.slice(0, 3));
  });

  it.concurrent('refuses an image path that leaves the image root, when embedding and when extracting', async ({ expect }) => {
    const folder = await makeFolder();
    const root = join(folder, 'root');
    await mkdir(root);
    await writeFile(join(folder, 'outside.jpg'), 'not to be read');
    const input = join(folder, 'escape.json');
    await writeFile(input, JSON.stringify([{ id: 'a', image: '../outside.jpg', conversations: [{ from: 'human', value: '<image>\nQ' }, { from: 'gpt', value: 'A' }] }]));
    const embedded = await runCli(['convert', input, join(folder, 'out.parquet'), '--to', 'parquet', '--embed-images', '--image-root', root]);
    expect(embedded.code).toBe(1);
    expect(embedded.stderr).toBe(`vift: ${input}: record 0 (id "a") at byte 1: image path "../outside.jpg" points outside the image root. Fix: use image paths inside the image root\n`);
    const skipped = await runCli(['convert', input, join(folder, 'out.parquet'), '--to', 'parquet', '--embed-images', '--image-root', root, '--on-invalid', 'skip']);
    expect(skipped.stdout).toContain('0 written, 1 rejected');
    expect(skipped.stdout).toContain('(image-path-escapes-root 1)');

    // A Parquet file whose embedded image names a path outside the folder it is extracted to.
    const parquet = join(folder, 'escape.parquet');
    const chunks: Uint8Array[] = [];
    const writer = new ParquetWriter({ layout: viftLayout, codec: await createCodec('SNAPPY'), sink: (bytes) => void chunks.push(bytes.slice()) });
    const turns = [
      { role: 'user' as const, text: '<image>\n<image>\nQ' },
      { role: 'assistant' as const, text: 'A' },
    ];
    writer.write({ id: 'b', images: [{ path: 'inside.jpg', bytes: new Uint8Array([1, 2, 3]) }, { path: '../escaped.jpg', bytes: new Uint8Array([4, 5, 6]) }], turns });
    await writer.finish();
    await writeFile(parquet, Buffer.concat(chunks));
    const extracted = join(folder, 'extracted');
    await mkdir(extracted);
    const before = (await readdir(folder)).sort();
    const back = join(folder, 'back.json');
    const result = await runCli(['convert', parquet, back, '--to', 'llava', '--extract-images', extracted]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`vift: ${parquet}: record 0 (id "b"): image path "../escaped.jpg" points outside ${extracted}. Fix: use image paths inside the image root\n`);
    // Nothing outside the folder, no output.
    expect((await readdir(folder)).sort()).toEqual(before);
    const withSkip = await runCli(['convert', parquet, back, '--to', 'llava', '--extract-images', extracted, '--on-invalid', 'skip']);
    expect(withSkip.stdout).toContain('0 written, 1 rejected');
    expect((await readdir(folder)).sort()).toEqual([...before, 'back.json', 'back.json.rejects.jsonl'].sort());
  });

  it.concurrent('writes shards under --shard-size and reads the folder back in order; a rerun leaves no stale shard', async ({ expect }) => {
    const folder = await makeFolder();
    const input = join(fixturesPath, 'llava', 'llava-instruct-coco-val-90.json');
    const shards = join(folder, 'shards');
    const first = await runCli(['convert', input, shards, '--to', 'parquet', '--shard-size', '0.02']);
    expect(first.stderr).toBe('');
    const count = Number(/(\d+) shards and a README\.md in /.exec(first.stdout)?.[1]);
    expect(count).toBeGreaterThanOrEqual(3);
    const total = String(count).padStart(5, '0');
    expect((await readdir(shards)).sort()).toEqual([...Array.from({ length: count }, (_, index) => `train-${String(index).padStart(5, '0')}-of-${total}.parquet`), 'README.md'].sort());
    const back = join(folder, 'back.json');
    await runCli(['convert', shards, back, '--to', 'llava']);
    expect(await jsonValue(back)).toBe(await jsonValue(input));

    const second = await runCli(['convert', input, shards, '--to', 'parquet', '--shard-size', '0.05', '--json']);
    const files = (JSON.parse(second.stdout) as { files: string[] }).files;
    expect(files.length).toBeLessThan(count);
    expect((await readdir(shards)).sort()).toEqual([...files.map((file) => file.slice(shards.length + 1)), 'README.md'].sort());
  });

  it.concurrent('reports strings with lone surrogates, shows U+FFFD to others and restores them exactly', async ({ expect }) => {
    const folder = await makeFolder();
    const input = join(folder, 'surrogates.json');
    const records = [
      { id: 'a\ud800', image: 'x.jpg', conversations: [{ from: 'human', value: '<image>\nlone \udfff' }, { from: 'gpt', value: 'fine' }] },
      { id: 'b', conversations: [{ from: 'human', value: 'pair 🦙' }, { from: 'gpt', value: 'lone \ud83d' }] },
    ];
    await writeFile(input, JSON.stringify(records));
    const parquet = join(folder, 'out.parquet');
    const result = await runCli(['convert', input, parquet, '--to', 'parquet']);
    expect(result.stdout).toContain('3 string(s) held lone surrogates: written with U+FFFD, the originals kept in meta ("vift:text")');
    const summary = await runCli(['convert', input, join(folder, 'again.parquet'), '--to', 'parquet', '--json']);
    expect((JSON.parse(summary.stdout) as { repairedStrings: number }).repairedStrings).toBe(3);
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(parquet), compressors })) as Array<{ id: string; messages: Array<{ content: string }> }>;
    expect(rows.map((row) => [row.id, ...row.messages.map((message) => message.content)])).toEqual([
      ['a\ufffd', '<image>\nlone \ufffd', 'fine'],
      ['b', 'pair 🦙', 'lone \ufffd'],
    ]);
    const back = join(folder, 'back.json');
    await runCli(['convert', parquet, back, '--to', 'llava']);
    expect(JSON.parse(await readFile(back, 'utf8'))).toEqual(records);
  });
});
