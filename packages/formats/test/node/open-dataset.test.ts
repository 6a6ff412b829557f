import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetValidationError, type ValidationIssue } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { DatasetFileError } from '../../src/node/dataset-file-error.js';
import { openDataset, type DatasetEntry, type OpenDatasetOptions } from '../../src/node/open-dataset.js';
import { readRecords } from '../../src/node/read-records.js';
import { useTempFolders } from './temp-folder.js';

const makeFolder = useTempFolders();

function llava(id: string, turns: Array<[string, unknown]>, image?: unknown): Record<string, unknown> {
  return { id, ...(image === undefined ? {} : { image }), conversations: turns.map(([from, value]) => ({ from, value })) };
}
const good = (id: string) => llava(id, [['human', '<image>\nWhat is this?'], ['gpt', 'A cat.']], `${id}.jpg`);

async function writeDataset(name: string, content: string | Buffer): Promise<string> {
  const file = join(await makeFolder(), name);
  await writeFile(file, content);
  return file;
}

async function entriesOf(file: string, options: OpenDatasetOptions = {}): Promise<DatasetEntry[]> {
  const dataset = await openDataset(file, options);
  const entries: DatasetEntry[] = [];
  for await (const entry of dataset.entries) entries.push(entry);
  return entries;
}

async function failureOf(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

const codes = (issues: readonly ValidationIssue[]) => issues.map((issue) => issue.code);

describe('readRecords and openDataset on files', { timeout: 30_000 }, () => {
  it('reads valid records of a JSON array and of JSON Lines with their offsets', async () => {
    const records = [good('a'), good('b'), good('c')];
    const arrayText = `[\n  ${records.map((record) => JSON.stringify(record)).join(',\n  ')}\n]\n`;
    const linesText = `${records.map((record) => JSON.stringify(record)).join('\r\n')}`;
    for (const [name, text] of [['data.json', arrayText], ['data.jsonl', linesText]] as const) {
      const entries = await entriesOf(await writeDataset(name, text));
      expect(entries.map((entry) => [entry.valid, entry.sample?.id, entry.issues])).toEqual([
        [true, 'a', []],
        [true, 'b', []],
        [true, 'c', []],
      ]);
      for (const entry of entries) {
        const byteOffset = entry.byteOffset!;
        const bytes = Buffer.from(text).subarray(byteOffset, byteOffset + entry.byteLength!);
        expect(JSON.parse(bytes.toString())).toEqual(records[entry.index]);
      }
    }
  });

  it('reports a file truncated inside a record, naming the record and its id', async () => {
    const text = `[${JSON.stringify(good('a'))},\n{"id": "b", "conversations": [{"from": "human", "value": "Wh`;
    const entries = await entriesOf(await writeDataset('data.json', text));
    expect(entries.map((entry) => entry.valid)).toEqual([true, false]);
    expect(entries[1]!.issues).toMatchObject([
      { code: 'truncated-record', sampleId: 'b', index: 1, byteOffset: text.indexOf('{"id": "b"'), message: 'the file ends inside this record' },
    ]);
  });

  it('reports a file that ends after a record without the closing "]"', async () => {
    const text = `[${JSON.stringify(good('a'))},\n`;
    const entries = await entriesOf(await writeDataset('data.json', text));
    expect(entries.map((entry) => entry.valid)).toEqual([true, false]);
    expect(entries[1]!.issues).toMatchObject([{ code: 'truncated-record', index: 1, byteOffset: text.length, message: 'the file ends without the closing "]"' }]);
  });

  it('names the truncation, not the format, when the only record is cut off', async () => {
    const file = await writeDataset('data.json', '[{"id": "a", "conversations": [');
    const error = await failureOf(() => openDataset(file));
    expect(DatasetValidationError.isInstance(error)).toBe(true);
    expect((error as DatasetValidationError).issues).toMatchObject([{ code: 'truncated-record', sampleId: 'a', index: 0, byteOffset: 1 }]);
  });

  it('refuses a top-level object, also one written on a single line', async () => {
    for (const text of [`{\n  "data": [${JSON.stringify(good('a'))}]\n}\n`, `${JSON.stringify(good('a'))}\n`, JSON.stringify({ data: [good('a')] })]) {
      const file = await writeDataset('data.json', text);
      const error = await failureOf(() => entriesOf(file));
      expect(DatasetFileError.isInstance(error)).toBe(true);
      expect(error.message).toBe(`${file}: the top level is a JSON object, not a JSON array of records (at byte 0)`);
      expect((error as DatasetFileError).fix).toContain('--from-container jsonl');
    }
  });

  it('still reads JSON Lines in a .json file', async () => {
    const file = await writeDataset('data.json', `${JSON.stringify(good('a'))}\n${JSON.stringify(good('b'))}\n`);
    expect((await entriesOf(file)).map((entry) => entry.sample?.id)).toEqual(['a', 'b']);
    expect((await openDataset(file)).container).toBe('jsonl');
  });

  it('refuses an empty file, a whitespace-only file, an empty array and a missing file, naming the file', async () => {
    const cases: Array<[string, string]> = [
      ['', 'the file is empty'],
      [' \n\t\r\n', 'the file holds only whitespace'],
      ['[ ]', 'the file holds no records'],
    ];
    for (const [text, message] of cases) {
      const file = await writeDataset('data.json', text);
      const error = await failureOf(() => openDataset(file));
      expect(DatasetFileError.isInstance(error)).toBe(true);
      expect(error.message).toBe(`${file}: ${message}`);
    }
    const missing = join(await makeFolder(), 'missing.json');
    const error = await failureOf(() => openDataset(missing));
    expect(DatasetFileError.isInstance(error) && error.message).toBe(`${missing}: no such file`);
  });

  it('reports wrong types with the field, the turn and the id', async () => {
    const records = [
      { id: 'a', conversations: [{ from: 'human', value: 5 }, { from: 'gpt', value: 'x' }] },
      { id: 'b', conversations: 'hello' },
      { id: ['c'], conversations: [] },
      'just a string',
    ];
    const entries = await entriesOf(await writeDataset('data.json', JSON.stringify(records)), { format: 'llava' });
    expect(entries.map((entry) => entry.valid)).toEqual([false, false, false, false]);
    expect(entries[0]!.issues).toMatchObject([{ code: 'invalid-structure', sampleId: 'a', index: 0, turnIndex: 0, path: 'conversations[0].value' }]);
    expect(entries[1]!.issues).toMatchObject([{ code: 'invalid-structure', sampleId: 'b', index: 1, path: 'conversations' }]);
    expect(entries[2]!.issues).toMatchObject([{ code: 'invalid-structure', sampleId: null, index: 2, path: 'id' }]);
    expect(entries[3]!.issues).toMatchObject([{ code: 'invalid-structure', index: 3, path: 'record' }]);
    expect(entries[2]!.record).toEqual(records[2]);
  });

  it('reports roles out of order and a placeholder count that does not match the images, with the turn', async () => {
    const records = [
      llava('a', [['gpt', 'Hi.'], ['human', 'Hello?']]),
      llava('b', [['human', 'Q?'], ['gpt', 'A.'], ['gpt', 'A again.']]),
      llava('c', [['human', 'No placeholder'], ['gpt', 'A.']], 'c.jpg'),
      llava('d', [['human', '<image> <image>'], ['gpt', 'A.']], 'd.jpg'),
      llava('e', [['human', '<image>'], ['gpt', 'A.'], ['human', 'More?']], 'e.jpg'),
    ];
    const entries = await entriesOf(await writeDataset('data.json', JSON.stringify(records, null, 1)));
    expect(entries.map((entry) => codes(entry.issues))).toEqual([
      ['role-order'],
      ['role-order'],
      ['placeholder-count-mismatch'],
      ['placeholder-count-mismatch'],
      ['role-order'],
    ]);
    expect(entries.map((entry) => entry.issues[0]!.turnIndex)).toEqual([0, 2, undefined, undefined, 2]);
    expect(entries.map((entry) => entry.issues[0]!.sampleId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(entries[2]!.issues[0]!.message).toContain('0 "<image>"');
    expect(entries[3]!.issues[0]!.message).toContain('2 "<image>"');
  });

  it('reports invalid UTF-8 at the offset of the bad byte and keeps the record bytes', async () => {
    const before = Buffer.from(`[${JSON.stringify(good('a'))},\n {"id": "b", "conversations": [{"from": "human", "value": "caf`);
    const after = Buffer.from(`"}, {"from": "gpt", "value": "x"}]}, ${JSON.stringify(good('c'))}]`);
    for (const bad of [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98]]) {
      const file = await writeDataset('data.json', Buffer.concat([before, Buffer.from(bad), after]));
      const entries = await entriesOf(file, { format: 'llava' });
      expect(entries.map((entry) => entry.valid)).toEqual([true, false, true]);
      const [issue] = entries[1]!.issues;
      expect(issue).toMatchObject({ code: 'invalid-utf8', sampleId: 'b', index: 1, byteOffset: before.indexOf('{"id": "b"') });
      expect(issue!.message).toBe(`invalid UTF-8 at byte ${before.length}`);
      expect(entries[1]!.bytes!.subarray(before.length - issue!.byteOffset!)[0]).toBe(bad[0]);
    }
  });

  it('names the bad byte, not the format, when the first record is not UTF-8', async () => {
    const text = Buffer.concat([Buffer.from('[{"id": "a", "conversations": [{"from": "human", "value": "'), Buffer.from([0xff]), Buffer.from('"}]}]')]);
    const error = await failureOf(async () => openDataset(await writeDataset('data.json', text)));
    expect(DatasetValidationError.isInstance(error)).toBe(true);
    expect((error as DatasetValidationError).issues).toMatchObject([{ code: 'invalid-utf8', sampleId: 'a', message: `invalid UTF-8 at byte ${text.indexOf(0xff)}` }]);
  });

  it('reports invalid JSON inside a record, at the right byte when the parser names one', async () => {
    const text = `[${JSON.stringify(good('a'))}, {"id": "b", "conversations": [ , ]}, {"id": "é😀" "conversations": []}]`;
    const entries = await entriesOf(await writeDataset('data.json', text), { format: 'llava' });
    expect(entries.map((entry) => codes(entry.issues))).toEqual([[], ['invalid-json'], ['invalid-json']]);
    expect(entries[1]!.issues[0]).toMatchObject({ sampleId: 'b', byteOffset: text.indexOf('{"id": "b"'), message: "invalid JSON: Unexpected token ','" });
    const third = entries[2]!.issues[0]!;
    expect(third.sampleId).toBe('é😀');
    expect(third.message).toMatch(/^invalid JSON at byte (\d+): Expected ',' or '}' after property value$/);
    const at = Number(/at byte (\d+)/.exec(third.message)![1]);
    expect(Buffer.from(text).subarray(at, at + 15).toString()).toBe('"conversations"');
    expect(entries[1]!.bytes!.toString()).toBe('{"id": "b", "conversations": [ , ]}');
  });

  it('stops at junk after "]" and at a missing comma between records, naming the byte', async () => {
    const record = JSON.stringify(good('a'));
    const junk = `[${record}]\n,`;
    const junkError = await failureOf(async () => entriesOf(await writeDataset('data.json', junk), { format: 'llava' }));
    expect(DatasetFileError.isInstance(junkError) && junkError.byteOffset).toBe(junk.length - 1);
    const missingComma = `[${record}\n${record}]`;
    const commaError = await failureOf(async () => entriesOf(await writeDataset('data.json', missingComma), { format: 'llava' }));
    expect(DatasetFileError.isInstance(commaError) && commaError.byteOffset).toBe(record.length + 2);
    expect(commaError.message).toContain('expected "," or "]" after record 0');
  });

  it('reports duplicate ids, naming the first record that used the id', async () => {
    const entries = await entriesOf(await writeDataset('data.jsonl', [good('a'), good('b'), good('a'), good('a')].map((record) => JSON.stringify(record)).join('\n')));
    expect(entries.map((entry) => codes(entry.issues))).toEqual([[], [], ['duplicate-id'], ['duplicate-id']]);
    expect(entries[3]!.issues[0]).toMatchObject({ sampleId: 'a', index: 3, message: expect.stringContaining('record 0') });
    const unchecked = await entriesOf(await writeDataset('data.jsonl', [good('a'), good('a')].map((record) => JSON.stringify(record)).join('\n')), { checkDuplicateIds: false });
    expect(unchecked.every((entry) => entry.valid)).toBe(true);
  });

  it('refuses image paths that escape the image root and reports missing image files', async () => {
    const root = await makeFolder();
    await mkdir(join(root, 'sub'));
    await writeFile(join(root, 'sub', 'ok.jpg'), 'jpeg');
    await writeFile(join(root, '..dots.jpg'), 'jpeg');
    const outside = join(await makeFolder(), 'outside.jpg');
    await writeFile(outside, 'jpeg');
    const paths = ['sub/ok.jpg', '..dots.jpg', '../x.jpg', 'sub/../../x.jpg', outside, '/etc/passwd', 'missing.jpg', 'sub', 'https://example.com/a.jpg'];
    const records = paths.map((path, k) => llava(`r${k}`, [['human', '<image>\nQ?'], ['gpt', 'A.']], path));
    const entries = await entriesOf(await writeDataset('data.jsonl', records.map((record) => JSON.stringify(record)).join('\n')), { imageRoot: root });
    expect(entries.map((entry) => codes(entry.issues))).toEqual([
      [],
      [],
      ['image-path-escapes-root'],
      ['image-path-escapes-root'],
      ['image-path-escapes-root'],
      ['image-path-escapes-root'],
      ['image-file-missing'],
      ['image-file-unreadable'],
      [],
    ]);
    expect(entries[2]!.issues[0]).toMatchObject({ sampleId: 'r2', index: 2, path: 'images[0]', byteOffset: entries[2]!.byteOffset });
    // Without an image root, files are not checked at all.
    expect((await entriesOf(await writeDataset('data.jsonl', JSON.stringify(records[6])))).map((entry) => entry.valid)).toEqual([true]);
  });

  it('reports a record over maxRecordBytes as too large and reads on', async () => {
    const big = llava('big', [['human', 'x'.repeat(5000)], ['gpt', 'A.']]);
    const text = [good('a'), big, good('b')].map((record) => JSON.stringify(record)).join('\n');
    const entries = await entriesOf(await writeDataset('data.jsonl', text), { maxRecordBytes: 1000 });
    expect(entries.map((entry) => codes(entry.issues))).toEqual([[], ['record-too-large'], []]);
    expect(entries[1]!.issues[0]).toMatchObject({ sampleId: 'big', index: 1, byteOffset: text.indexOf('{"id":"big"') });
    expect(entries[1]!.byteLength).toBe(JSON.stringify(big).length);
  });

  it('applies the record limit while detecting the format too, so a raised limit reads a large first record', async () => {
    // Over the default limit of 64 MiB.
    const text = Buffer.alloc(65 * 2 ** 20, 'x');
    const file = await writeDataset('data.json', Buffer.concat([Buffer.from('[{"id": "big", "conversations": [{"from": "human", "value": "'), text, Buffer.from('"}]}]')]));
    const dataset = await openDataset(file, { maxRecordBytes: 66 * 2 ** 20 });
    expect(dataset.format.id).toBe('llava');
    const error = await failureOf(() => openDataset(file, { maxRecordBytes: 2 ** 20 }));
    expect(DatasetValidationError.isInstance(error) && error.issues).toMatchObject([{ code: 'record-too-large', sampleId: 'big', index: 0 }]);
  });

  it('streams records one at a time from readRecords, with a bytes callback', async () => {
    const text = `[${[good('a'), good('b')].map((record) => JSON.stringify(record)).join(',')}]`;
    const seen: number[] = [];
    const values: unknown[] = [];
    for await (const record of readRecords(await writeDataset('data.json', text), { container: 'json', onBytes: (bytes) => seen.push(bytes) })) values.push(record.value);
    expect(values).toEqual([good('a'), good('b')]);
    expect(seen.at(-1)).toBe(text.length);
  });
});
