import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetValidationError } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { AtomicFile } from '../../src/node/atomic-file.js';
import { convertDataset } from '../../src/node/convert-dataset.js';
import { DatasetFileError } from '../../src/node/dataset-file-error.js';
import { useTempFolders } from './temp-folder.js';

const makeFolder = useTempFolders();

const record = (id: string, question = 'What is this?') => ({
  id,
  image: `${id}.jpg`,
  conversations: [
    { from: 'human', value: `<image>\n${question}` },
    { from: 'gpt', value: 'A cat.' },
  ],
});
/** About 4 KB a record, so 1500 of them go past the writer's 4 MiB buffer and reach the disk. */
const longRecord = (id: string) => record(id, 'y'.repeat(4000));
const manyRecords = 1500;

async function failureOf(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

async function readJsonLines(file: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('AtomicFile', { timeout: 30_000 }, () => {
  it('shows nothing at the path until commit, and leaves nothing after abort', async () => {
    const folder = await makeFolder();
    const path = join(folder, 'out.txt');
    const file = new AtomicFile(path);
    await file.write('x'.repeat(3 << 20));
    // The temporary file is opened in the background; only it may ever appear before commit.
    const temporaryName = file.temporaryPath.slice(folder.length + 1);
    for (let attempt = 0; attempt < 1000 && !(await readdir(folder)).includes(temporaryName); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await readdir(folder)).toEqual([temporaryName]);
    await file.commit();
    expect(await readdir(folder)).toEqual(['out.txt']);
    expect((await readFile(path, 'utf8')).length).toBe(3 << 20);

    const aborted = new AtomicFile(join(folder, 'other.txt'));
    await aborted.write('x'.repeat(3 << 20));
    await aborted.abort();
    expect(await readdir(folder)).toEqual(['out.txt']);
  });

  it('turns a write failure into a one-line DatasetFileError naming the file', async () => {
    const path = join(await makeFolder(), 'missing-folder', 'out.txt');
    const file = new AtomicFile(path);
    await file.write('x');
    const error = await failureOf(() => file.commit());
    expect(DatasetFileError.isInstance(error)).toBe(true);
    expect(error.message).toBe(`${path}: cannot write the file (ENOENT)`);
    await file.abort();
  });
});

describe('convertDataset', { timeout: 30_000 }, () => {
  it('leaves neither the output nor a temporary file when a record is invalid', async () => {
    const folder = await makeFolder();
    const input = join(folder, 'in.jsonl');
    const records: unknown[] = Array.from({ length: manyRecords }, (_, k) => longRecord(`r${k}`));
    records.push({ id: 'bad', conversations: [{ from: 'gpt', value: 'first' }] });
    await writeFile(input, records.map((item) => JSON.stringify(item)).join('\n'));
    for (const to of ['llava', 'sharegpt', 'trl'] as const) {
      const error = await failureOf(() => convertDataset({ input, output: join(folder, 'out.json'), to }));
      expect(DatasetValidationError.isInstance(error)).toBe(true);
      expect((error as DatasetValidationError).issues).toMatchObject([{ code: 'role-order', sampleId: 'bad', index: manyRecords, turnIndex: 0 }]);
      expect(await readdir(folder)).toEqual(['in.jsonl']);
    }
  });

  it('leaves nothing when the file breaks off or has junk after its records', async () => {
    const folder = await makeFolder();
    const body = Array.from({ length: manyRecords }, (_, k) => JSON.stringify(longRecord(`r${k}`))).join(',\n');
    await writeFile(join(folder, 'cut.json'), `[${body},\n{"id": "x", "conv`);
    await writeFile(join(folder, 'junk.json'), `[${body}]\n]`);
    const cut = await failureOf(() => convertDataset({ input: join(folder, 'cut.json'), output: join(folder, 'out.jsonl'), to: 'openai' }));
    expect(DatasetValidationError.isInstance(cut) && cut.issues).toMatchObject([{ code: 'truncated-record', index: manyRecords, sampleId: 'x' }]);
    // Skipping invalid records cannot help when the file as a whole is broken.
    const junk = await failureOf(() => convertDataset({ input: join(folder, 'junk.json'), output: join(folder, 'out.jsonl'), to: 'openai', onInvalid: 'skip' }));
    expect(DatasetFileError.isInstance(junk) && junk.byteOffset).toBe(body.length + 3);
    expect((await readdir(folder)).sort()).toEqual(['cut.json', 'junk.json']);
  });

  it('with onInvalid "skip", keeps every valid record and lists every rejected one with its reasons and the record', async () => {
    const folder = await makeFolder();
    const valid = Array.from({ length: 20 }, (_, k) => record(`v${k}`));
    const lines: Array<string | Buffer> = valid.map((item) => JSON.stringify(item));
    lines.splice(2, 0, JSON.stringify({ id: 'roles', conversations: [{ from: 'gpt', value: 'x' }, { from: 'human', value: 'y' }] }));
    lines.splice(5, 0, '{"id": "json", "conversations": [ , ]}');
    lines.splice(7, 0, Buffer.concat([Buffer.from('{"id": "utf8", "conversations": [{"from": "human", "value": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}')]));
    lines.splice(9, 0, JSON.stringify(record('v0')));
    lines.splice(11, 0, JSON.stringify({ ...record('count'), image: ['a.jpg', 'b.jpg'] }));
    lines.splice(13, 0, JSON.stringify({ ...record('big'), padding: 'z'.repeat(5000) }));
    lines.splice(15, 0, JSON.stringify({ id: 'types', conversations: [{ from: 'human', value: ['x'] }, { from: 'gpt', value: 'y' }] }));
    const input = join(folder, 'in.jsonl');
    await writeFile(input, Buffer.concat(lines.map((line) => Buffer.concat([Buffer.from(line), Buffer.from('\n')]))));
    const output = join(folder, 'out.jsonl');
    const summary = await convertDataset({ input, output, to: 'llava', onInvalid: 'skip', maxRecordBytes: 4000 });

    expect(await readJsonLines(output)).toEqual(valid);
    expect(summary).toMatchObject({ records: 27, written: 20, rejected: 7, rejectsPath: `${output}.rejects.jsonl` });
    const rejects = await readJsonLines(`${output}.rejects.jsonl`);
    const codesOf = (line: Record<string, unknown>) => (line.issues as Array<{ code: string }>).map((issue) => issue.code);
    expect(rejects.map((line) => [line.index, line.id, codesOf(line)])).toEqual([
      [2, 'roles', ['role-order']],
      [5, 'json', ['invalid-json']],
      [7, 'utf8', ['invalid-utf8']],
      [9, 'v0', ['duplicate-id']],
      [11, 'count', ['placeholder-count-mismatch']],
      [13, 'big', ['record-too-large']],
      [15, 'types', ['invalid-structure']],
    ]);
    for (const line of rejects) {
      expect((line.issues as Array<{ message: string }>).every((issue) => issue.message.length > 0)).toBe(true);
      const original = lines[line.index as number]!;
      expect(line.byteLength).toBe(Buffer.byteLength(original));
      if ('record' in line) expect(line.record).toEqual(JSON.parse(original.toString()));
      else if ('recordText' in line) expect(line.recordText).toBe(original.toString());
      else if ('recordBase64' in line) expect(Buffer.from(line.recordBase64 as string, 'base64').equals(original as Buffer)).toBe(true);
      else expect(line.recordOmitted).toContain(`bytes ${line.byteOffset as number} to`);
    }
    expect(rejects.map((line) => Object.keys(line).find((key) => key.startsWith('record')))).toEqual([
      'record',
      'recordText',
      'recordBase64',
      'record',
      'record',
      'recordOmitted',
      'record',
    ]);
    expect((await readdir(folder)).sort()).toEqual(['in.jsonl', 'out.jsonl', 'out.jsonl.rejects.jsonl']);
  });

  it('writes the rejects where asked, and refuses a rejects folder that does not exist before writing anything', async () => {
    const folder = await makeFolder();
    const input = join(folder, 'in.json');
    await writeFile(input, JSON.stringify([record('a'), { id: 'b' }, record('c')]));
    const rejectsPath = join(folder, 'elsewhere.jsonl');
    const summary = await convertDataset({ input, output: join(folder, 'out.json'), to: 'sharegpt', onInvalid: 'skip', rejectsPath });
    expect(summary).toMatchObject({ written: 2, rejected: 1, rejectsPath });
    expect((await readJsonLines(rejectsPath)).map((line) => line.id)).toEqual(['b']);

    const other = await makeFolder();
    const missing = join(other, 'no-such-folder', 'rejects.jsonl');
    const error = await failureOf(() => convertDataset({ input, output: join(other, 'out.json'), to: 'llava', onInvalid: 'skip', rejectsPath: missing }));
    expect(DatasetFileError.isInstance(error)).toBe(true);
    expect(error.message).toContain('no-such-folder does not exist');
    expect(await readdir(other)).toEqual([]);
  });

  it('refuses an output path that is a folder, before converting', async () => {
    const folder = await makeFolder();
    const input = join(folder, 'in.json');
    await writeFile(input, JSON.stringify([record('a')]));
    await mkdir(join(folder, 'out.json'));
    const error = await failureOf(() => convertDataset({ input, output: join(folder, 'out.json'), to: 'llava' }));
    expect(DatasetFileError.isInstance(error) && error.message).toBe(`${join(folder, 'out.json')}: is a directory`);
    expect((await readdir(folder)).sort()).toEqual(['in.json', 'out.json']);
  });

  it('adds its entry to an existing dataset_info.json, keeping the others, and stops early on a broken one', async () => {
    const folder = await makeFolder();
    const input = join(folder, 'in.json');
    await writeFile(input, JSON.stringify([record('a'), record('b')]));
    const other = { file_name: 'other.json', formatting: 'alpaca' };
    await writeFile(join(folder, 'dataset_info.json'), JSON.stringify({ other, mine: { file_name: 'old.json' } }));
    await convertDataset({ input, output: join(folder, 'mine.json'), to: 'sharegpt' });
    const info = JSON.parse(await readFile(join(folder, 'dataset_info.json'), 'utf8')) as Record<string, { file_name: string; columns: object }>;
    expect(Object.keys(info)).toEqual(['other', 'mine']);
    expect(info.other).toEqual(other);
    expect(info.mine).toMatchObject({ file_name: 'mine.json', formatting: 'sharegpt', columns: { messages: 'conversations', images: 'images' } });

    const broken = await makeFolder();
    await writeFile(join(broken, 'dataset_info.json'), '{"other": ');
    const error = await failureOf(() => convertDataset({ input, output: join(broken, 'mine.json'), to: 'sharegpt-messages' }));
    expect(DatasetFileError.isInstance(error) && error.message).toBe(`${join(broken, 'dataset_info.json')}: is not valid JSON`);
    expect(await readdir(broken)).toEqual(['dataset_info.json']);
    expect(await readFile(join(broken, 'dataset_info.json'), 'utf8')).toBe('{"other": ');
  });
});

describe('convertDataset to the same format', { timeout: 30_000 }, () => {
  it('copies valid records byte for byte when the format writes back exactly what it read', async () => {
    const folder = await makeFolder();
    const input = join(folder, 'python-style.json');
    // Python's json.dump spacing and escapes: re-printing would change the bytes, not the value.
    const lines = ['{"id": "a", "image": "a.jpg", "conversations": [{"from": "human", "value": "<image>\\nCaf\\u00e9?"}, {"from": "gpt", "value": "Oui"}]}',
      '{"id": "b", "conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello"}], "model": ""}'];
    await writeFile(input, `[${lines.join(', ')}]`);
    const output = join(folder, 'out.jsonl');
    const summary = await convertDataset({ input, output, to: 'llava' });
    expect(summary.written).toBe(2);
    expect((await readFile(output, 'utf8')).split('\n')).toEqual([...lines, '']);
  });

  it('re-prints pretty-printed records for JSON Lines, one per line, with the same value', async () => {
    const folder = await makeFolder();
    const input = join(folder, 'pretty.json');
    const records = [record('a'), record('b')];
    await writeFile(input, JSON.stringify(records, null, 2));
    const output = join(folder, 'out.jsonl');
    await convertDataset({ input, output, to: 'llava' });
    expect(await readJsonLines(output)).toEqual(records);
  });
});
