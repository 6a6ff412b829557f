import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ViftError } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { readJsonArray, readJsonLines } from '../src/json/read-json-array.js';
import { SourceFileError } from '../src/source-error.js';
import { caught, collect, fixture } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const temporaryFolder = useTempFolders();

describe('readJsonArray', () => {
  it('streams each element of a real top-level array with its index and byte offset', async () => {
    const records = await collect(readJsonArray(fixture('vg/image_data_samples.json')));
    expect(records).toHaveLength(100);
    expect(records[0]).toEqual({
      index: 0,
      byteOffset: 1,
      value: { width: 800, url: 'https://cs.stanford.edu/people/rak248/VG_100K_2/1.jpg', height: 600, image_id: 1, coco_id: null, flickr_id: null },
    });
    expect(records.map((record) => (record.value as { image_id: number }).image_id)).toEqual(Array.from({ length: 100 }, (_, k) => k + 1));
  });

  it('throws SourceFileErrors naming the file for a missing file, an object, a bad record and a cut file', async () => {
    const folder = await temporaryFolder();
    const missing = await caught(() => collect(readJsonArray(join(folder, 'region_descriptions.json'))));
    expect(SourceFileError.isInstance(missing) && missing.message).toBe(`${join(folder, 'region_descriptions.json')}: no such file`);

    const object = fixture('vqav2/questions.json');
    const notArray = await caught(() => collect(readJsonArray(object)));
    expect(SourceFileError.isInstance(notArray) && notArray.toLine()).toBe(
      `${object} (at byte 0): the top level is a JSON object, not a JSON array of records. Fix: read a top-level object with readJsonMembers, or check that this is the file you meant`,
    );

    const file = join(folder, 'data.json');
    await writeFile(file, '[{"id": 1}, {"id": 2, "phrase": nope}]');
    const invalid = await caught(() => collect(readJsonArray(file)));
    expect(invalid).toMatchObject({ index: 1, id: '2', byteOffset: 12 });
    expect((invalid as Error).message).toMatch(/^\S+data\.json record 1 \(id 2, at byte 12\): invalid JSON\b/);

    await writeFile(file, '[{"id": 1}, {"id": 2, "phr');
    const cut = await caught(() => collect(readJsonArray(file)));
    expect(SourceFileError.isInstance(cut) && cut.message).toBe(`${file} record 1 (id 2, at byte 12): the file ends inside this record`);
  });
});

describe('readJsonLines', () => {
  it('streams one record a line, skipping blank lines, and names a bad line', async () => {
    const file = join(await temporaryFolder(), 'data.jsonl');
    await writeFile(file, '{"id": "a"}\n\n{"id": "b"}\r\n');
    expect(await collect(readJsonLines(file))).toEqual([
      { index: 0, byteOffset: 0, value: { id: 'a' } },
      { index: 1, byteOffset: 13, value: { id: 'b' } },
    ]);
    await writeFile(file, '{"id": "a"}\n{"id": "b",\n');
    const error = await caught(() => collect(readJsonLines(file)));
    expect(error).toMatchObject({ index: 1, id: 'b', byteOffset: 12 });
  });
});

describe('SourceFileError', () => {
  it('is a ViftError with a one-line message naming the file and the record, recognised across copies', () => {
    const error = new SourceFileError({ file: 'instances_train2017.json', message: 'a category needs a whole "id" and a "name"', fix: 'repair it', key: 'categories', index: 3, id: '7', byteOffset: 120 });
    expect(ViftError.isInstance(error)).toBe(true);
    expect(SourceFileError.isInstance(error)).toBe(true);
    expect(SourceFileError.isInstance(new Error('x'))).toBe(false);
    expect(error.name).toBe('SourceFileError');
    expect(error.toLine()).toBe('instances_train2017.json "categories"[3] (id 7, at byte 120): a category needs a whole "id" and a "name". Fix: repair it');
    expect(new SourceFileError({ file: 'a.json', message: 'm', fix: 'f', index: 2 }).message).toBe('a.json record 2: m');
    expect(new SourceFileError({ file: 'a.json', message: 'm', fix: 'f', key: 'info' }).message).toBe('a.json "info": m');
  });
});
