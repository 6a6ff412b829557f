import { lstat, mkdir, readFile, readdir, readlink, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBBlobValue, DuckDBInstance, DuckDBListValue, DuckDBStructValue } from '@duckdb/node-api';
import { readSamples } from '@vift/formats/node';
import { openParquetDataset } from '@vift/parquet/node';
import { DatasetValidationError, type Sample } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { exportForTrainer } from '../src/node/index.js';
import { fixturesPath, useTempFolders } from './helpers.js';

const imagesFolder = join(fixturesPath, 'images');
const fourRecords = join(imagesFolder, 'llava-coco-val2017-4.json');
const tempFolder = useTempFolders();

async function collect(samples: AsyncIterable<Sample>): Promise<Sample[]> {
  const all: Sample[] = [];
  for await (const sample of samples) all.push(sample);
  return all;
}

/** Text and image paths only: what every export keeps. */
const essentials = (sample: Sample) => ({ id: sample.id, images: sample.images.map((image) => image.path), turns: sample.turns.map((turn) => [turn.role, turn.text]) });

async function writeJson(file: string, value: unknown): Promise<string> {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

describe('LLaVA export', () => {
  it('writes data.json as LLaVA wrote it and links every image under images/', async () => {
    const output = join(await tempFolder(), 'llava');
    const summary = await exportForTrainer({ target: 'llava', input: fourRecords, output });
    expect(summary).toMatchObject({ kind: 'llava', written: 4, rejected: 0, multiImageSamples: 1, imageFolder: join(output, 'images'), data: { folder: output, name: 'vift' } });
    // The same JSON value as the input: ids, image fields (one path or a list) and extra keys kept.
    expect(JSON.parse(await readFile(join(output, 'data.json'), 'utf8'))).toEqual(JSON.parse(await readFile(fourRecords, 'utf8')));
    const linked = await readdir(join(output, 'images'));
    expect(linked.sort()).toEqual(['000000000802.jpg', '000000011813.jpg', '000000117645.jpg', '000000205401.jpg']);
    const link = join(output, 'images', '000000117645.jpg');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(join(imagesFolder, '000000117645.jpg'));
    // Read back through the LLaVA reader, with the image folder as root: every file is there.
    const back = await collect(readSamples(join(output, 'data.json'), { imageRoot: join(output, 'images') }));
    const original = await collect(readSamples(fourRecords));
    expect(back).toEqual(original);
  });

  it('copies the images when asked, leaves `image` out of text-only records, and one path is never a list', async () => {
    const folder = await tempFolder();
    await mkdir(join(folder, 'coco'));
    await writeFile(join(folder, 'coco', 'a.jpg'), await readFile(join(imagesFolder, '000000000802.jpg')));
    const input = await writeJson(join(folder, 'mixed.json'), [
      { id: 'one-in-a-list', image: ['coco/a.jpg'], conversations: [{ from: 'human', value: '<image>\nWhat is it?' }, { from: 'gpt', value: 'A kitchen.' }] },
      { id: 'text-only-null', image: null, conversations: [{ from: 'human', value: 'Say hello.' }, { from: 'gpt', value: 'Hello.' }] },
    ]);
    const output = join(folder, 'export');
    await exportForTrainer({ target: 'reference', input, output, images: 'copy' });
    const records = JSON.parse(await readFile(join(output, 'data.json'), 'utf8')) as Array<Record<string, unknown>>;
    expect(records[0]!.image).toBe('coco/a.jpg');
    expect(records[1]).not.toHaveProperty('image');
    const copied = join(output, 'images', 'coco', 'a.jpg');
    expect((await lstat(copied)).isFile()).toBe(true);
    expect(await readFile(copied)).toEqual(await readFile(join(imagesFolder, '000000000802.jpg')));
  });

  it('refuses image paths that leave the image root, and writes nothing', async () => {
    const folder = await tempFolder();
    const input = await writeJson(join(folder, 'escape.json'), [
      { id: 'fine', image: '000000000802.jpg', conversations: [{ from: 'human', value: '<image>\nDescribe.' }, { from: 'gpt', value: 'A kitchen.' }] },
      { id: 'sneaky', image: '../../etc/passwd', conversations: [{ from: 'human', value: '<image>\nDescribe.' }, { from: 'gpt', value: 'Nothing.' }] },
    ]);
    const output = join(folder, 'export');
    const attempt = exportForTrainer({ target: 'llava', input, output, imageRoot: imagesFolder });
    await expect(attempt).rejects.toThrowError(DatasetValidationError);
    await expect(exportForTrainer({ target: 'llava', input, output, imageRoot: imagesFolder })).rejects.toThrowError(/record 1 \(id "sneaky"\).*points outside the image root/);
    expect(await stat(output).catch(() => undefined)).toBeUndefined();

    const skipped = await exportForTrainer({ target: 'llava', input, output, imageRoot: imagesFolder, onInvalid: 'skip' });
    expect(skipped).toMatchObject({ written: 1, rejected: 1 });
    const rejects = (await readFile(skipped.rejectsPath!, 'utf8')).trim().split('\n');
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatch(/image-path-escapes-root/);
    expect(await readdir(join(output, 'images'))).toEqual(['000000000802.jpg']);
  });
});

describe('LLaMA-Factory export', () => {
  it('writes the ShareGPT file and merges its dataset_info.json entry, keeping the others', async () => {
    const output = join(await tempFolder(), 'lf');
    await mkdir(output);
    await writeJson(join(output, 'dataset_info.json'), { mllm_demo: { file_name: 'mllm_demo.json', formatting: 'sharegpt' } });
    const summary = await exportForTrainer({ target: 'llama-factory', input: fourRecords, output, name: 'coco_all' });
    expect(summary.files).toEqual([join(output, 'coco_all.json'), join(output, 'dataset_info.json')]);
    const info = JSON.parse(await readFile(join(output, 'dataset_info.json'), 'utf8'));
    expect(info).toEqual({
      mllm_demo: { file_name: 'mllm_demo.json', formatting: 'sharegpt' },
      coco_all: {
        file_name: 'coco_all.json',
        formatting: 'sharegpt',
        columns: { messages: 'conversations', images: 'images' },
        tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', system_tag: 'system' },
      },
    });
    const records = JSON.parse(await readFile(join(output, 'coco_all.json'), 'utf8')) as Array<Record<string, unknown>>;
    // Only the columns LLaMA-Factory reads: extra keys could break the one schema `datasets` infers.
    expect(records.map((record) => Object.keys(record))).toEqual(Array(4).fill(['id', 'conversations', 'images']));
    expect(records[3]!.images).toEqual(['000000205401.jpg', '000000117645.jpg']);
    const back = await collect(readSamples(join(output, 'coco_all.json'), { format: 'sharegpt', imageRoot: join(output, 'images') }));
    expect(back.map(essentials)).toEqual((await collect(readSamples(fourRecords))).map(essentials));
  });
});

describe('TRL export', () => {
  it('writes a Hugging Face dataset folder of Parquet with content parts and the image bytes, read back by DuckDB and vift', async () => {
    const output = join(await tempFolder(), 'trl');
    const summary = await exportForTrainer({ target: 'trl', input: fourRecords, output });
    const shard = join(output, 'train-00000-of-00001.parquet');
    expect(summary.files).toEqual([shard]);
    const card = await readFile(join(output, 'README.md'), 'utf8');
    expect(card).toContain('path: train-*.parquet');
    expect(card).toContain('  - name: images\n    sequence: image\n');

    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${shard}')`);
    expect(Object.fromEntries(described.getRowObjectsJson().map((row) => [row.column_name, row.column_type]))).toEqual({
      id: 'VARCHAR',
      messages: 'STRUCT("role" VARCHAR, "content" STRUCT("type" VARCHAR, "text" VARCHAR)[])[]',
      images: 'STRUCT(bytes BLOB, path VARCHAR)[]',
    });
    const rows = (await connection.runAndReadAll(`SELECT * FROM read_parquet('${shard}', file_row_number = true) ORDER BY file_row_number`)).getRowObjects();
    const plain = (value: unknown): unknown => {
      if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes);
      if (value instanceof DuckDBListValue) return value.items.map(plain);
      if (value instanceof DuckDBStructValue) return plain(value.entries);
      if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
      return value;
    };
    const last = plain(rows[3]) as { id: string; messages: Array<{ role: string; content: Array<{ type: string; text: string | null }> }>; images: Array<{ bytes: Buffer; path: string }> };
    expect(last.id).toBe('000000205401-000000117645');
    expect(last.messages).toEqual([
      { role: 'user', content: [{ type: 'image', text: null }, { type: 'image', text: null }, { type: 'text', text: 'Describe each image in one sentence.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'The first image: A plane floating on top of a lake surrounded by mountains. The second image: A man riding a snowboard down a snow covered slope.' }] },
    ]);
    expect(last.images.map((image) => image.path)).toEqual(['000000205401.jpg', '000000117645.jpg']);
    expect(last.images[0]!.bytes.equals(await readFile(join(imagesFolder, '000000205401.jpg')))).toBe(true);
    const kv = (await connection.runAndReadAll(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${shard}')`)).getRowObjectsJson();
    const features = JSON.parse(String(kv.find((row) => row.key === 'huggingface')!.value)).info.features;
    expect(features.images).toEqual([{ _type: 'Image' }]);
    expect(features.messages[0].content[0]).toEqual({ type: { dtype: 'string', _type: 'Value' }, text: { dtype: 'string', _type: 'Value' } });

    // vift reads it back as the TRL layout, to the same samples (images now with their bytes).
    const dataset = await openParquetDataset(output);
    expect(dataset.layout).toBe('trl');
    const back: Sample[] = [];
    for await (const entry of dataset.entries) {
      expect(entry.issues).toEqual([]);
      back.push(entry.sample!);
    }
    expect(back.map(essentials)).toEqual((await collect(readSamples(fourRecords))).map(essentials));
    expect(Buffer.from(back[0]!.images[0]!.bytes!).equals(await readFile(join(imagesFolder, '000000000802.jpg')))).toBe(true);
  });

  it('names a missing image file and writes no shard', async () => {
    const folder = await tempFolder();
    const input = await writeJson(join(folder, 'missing.json'), [
      { id: 'gone', image: 'not-there.jpg', conversations: [{ from: 'human', value: '<image>\nDescribe.' }, { from: 'gpt', value: 'Nothing.' }] },
    ]);
    const output = join(folder, 'trl');
    await expect(exportForTrainer({ target: 'trl', input, output })).rejects.toThrowError(/record 0 \(id "gone"\).*not-there\.jpg" does not exist/);
    expect((await readdir(output).catch(() => [])).filter((name) => name.endsWith('.parquet'))).toEqual([]);
  });
});
