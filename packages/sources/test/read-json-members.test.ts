import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJsonValue } from '../src/json/decode-json-value.js';
import { JsonMemberSplitter, type JsonPiece } from '../src/json/json-member-splitter.js';
import { readJsonMembers, type JsonMemberItem, type JsonMemberStart } from '../src/json/read-json-members.js';
import { SourceFileError } from '../src/source-error.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

/** Characters that stress a byte-level splitter: quotes, backslashes, brackets, multi-byte UTF-8. */
const trickyCharacter = fc.constantFrom('"', '\\', '\\\\', '\\"', '[', ']', '{', '}', ',', ':', '\n', '\t', 'é', '€', '😀', '\u2028', '\u0000', ' ');
const stringUnit = fc.oneof(trickyCharacter, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }));
const jsonValue = fc.jsonValue({ maxDepth: 3, stringUnit });
const memberName = fc.string({ unit: stringUnit, maxLength: 6 });
const whitespace = fc.array(fc.constantFrom(' ', '\t', '\n', '\r'), { maxLength: 3 }).map((parts) => parts.join(''));
/** Chunk sizes biased to small ones, so escapes and multi-byte characters land on chunk boundaries. */
const chunkSizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 200 })), { minLength: 1, maxLength: 12 });

/** A top-level object: each member an array of values, or any other JSON value; names unique so JSON.parse keeps them all. */
const documentArbitrary = fc.record({
  members: fc.uniqueArray(fc.tuple(memberName, fc.oneof(fc.array(jsonValue, { maxLength: 6 }), jsonValue)), { selector: ([name]) => name, maxLength: 5 }),
  indent: fc.constantFrom(undefined, 1, '\t', '\r\n'),
  before: whitespace,
  after: whitespace,
  withByteOrderMark: fc.boolean(),
});
type GeneratedDocument = typeof documentArbitrary extends fc.Arbitrary<infer T> ? T : never;

function render(document: GeneratedDocument): Buffer {
  const body = document.members.map(([name, value]) => `${JSON.stringify(name)}:${document.after}${JSON.stringify(value, null, document.indent)}`).join(`,${document.before}`);
  return Buffer.from(`${document.withByteOrderMark ? '\uFEFF' : ''}${document.before}{${document.after}${body}${document.before}}${document.after}`);
}

/**
 * What readJsonMembers must yield: each member's values in file order, as JSON.parse reads them (member
 * order is the text's: JSON.parse's own object would move integer-like names first).
 */
function expectedItems(document: GeneratedDocument): { key: string; index: number; value: unknown }[] {
  const parsed = JSON.parse(render(document).toString('utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  return document.members.flatMap(([key]) => {
    const value = parsed[key];
    return Array.isArray(value) ? value.map((element, index) => ({ key, index, value: element })) : [{ key, index: -1, value }];
  });
}

function splitInChunks(bytes: Buffer, sizes: readonly number[], options: { keys?: string[]; nested?: string[] } = {}): JsonPiece[] {
  const splitter = new JsonMemberSplitter({
    file: 'data.json',
    maxRecordBytes: Number.MAX_SAFE_INTEGER,
    ...(options.keys === undefined ? {} : { keys: new Set(options.keys) }),
    ...(options.nested === undefined ? {} : { nested: new Set(options.nested) }),
  });
  const out: JsonPiece[] = [];
  let at = 0;
  let turn = 0;
  while (at < bytes.length) {
    const size = sizes[turn++ % sizes.length]!;
    // A copy, so a splitter that kept a view of an earlier chunk would not see this one's bytes by accident.
    splitter.push(Buffer.from(bytes.subarray(at, at + size)), out);
    at += size;
  }
  splitter.end();
  return out;
}

function decoded(pieces: JsonPiece[]): { key: string; index: number; value: unknown }[] {
  return pieces.flatMap((piece) => (piece.kind === 'value' ? [{ key: piece.key, index: piece.index, value: decodeJsonValue(piece.bytes, { file: 'data.json', byteOffset: piece.byteOffset }) }] : []));
}

function splitError(text: string, sizes: readonly number[] = [1 << 20]): SourceFileError {
  try {
    splitInChunks(Buffer.from(text), sizes);
  } catch (error) {
    if (SourceFileError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a SourceFileError');
}

const temporaryFolder = useTempFolders();

describe('readJsonMembers', { timeout: 60_000 }, () => {
  it('yields the same values as JSON.parse for any object of arrays, split at any chunk size', () => {
    fc.assert(
      fc.property(documentArbitrary, chunkSizes, (document, sizes) => {
        const bytes = render(document);
        const expected = expectedItems(document);
        for (const chunking of [sizes, [1], [bytes.length]]) {
          const pieces = splitInChunks(bytes, chunking);
          expect(decoded(pieces)).toEqual(expected);
          // Each value's byte offset points at its first byte in the file.
          for (const piece of pieces) {
            if (piece.kind === 'value') expect(bytes.subarray(piece.byteOffset, piece.byteOffset + piece.bytes.length).equals(piece.bytes)).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads the same values from a file, with byte offsets, at any read size', async () => {
    const folder = await temporaryFolder();
    await fc.assert(
      fc.asyncProperty(documentArbitrary, fc.integer({ min: 1, max: 64 }), async (document, chunkBytes) => {
        const bytes = render(document);
        const file = join(folder, 'document.json');
        await writeFile(file, bytes);
        const items = await collect(readJsonMembers(file, { chunkBytes }));
        expect(items.map(({ key, index, value }) => ({ key, index, value }))).toEqual(expectedItems(document));
        for (const item of items) expect(item.path).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('parses only the members named in keys, and reports every member as it starts, empty arrays too', async () => {
    const folder = await temporaryFolder();
    const file = join(folder, 'coco.json');
    await writeFile(file, '{"info": {"year": 2017}, "images": [{"id": 1}, {"id": 2}], "annotations": [], "categories": [{"id": 3, "name": "cat"}]}');
    const members: JsonMemberStart[] = [];
    const items = await collect(readJsonMembers(file, { keys: ['categories', 'info'], onMember: (member) => members.push(member) }));
    expect(items).toEqual([
      { key: 'info', index: -1, byteOffset: 9, value: { year: 2017 }, path: [] },
      { key: 'categories', index: 0, byteOffset: 93, value: { id: 3, name: 'cat' }, path: [] },
    ]);
    expect(members.map(({ key, type }) => `${key}:${type}`)).toEqual(['info:value', 'images:array', 'annotations:array', 'categories:array']);
  });

  it('does not parse skipped members, so invalid JSON inside them goes unnoticed', async () => {
    const folder = await temporaryFolder();
    const file = join(folder, 'skip.json');
    await writeFile(file, '{"images": [{"id": tru}], "annotations": [{"id": 7}]}');
    const items = await collect(readJsonMembers(file, { keys: ['annotations'] }));
    expect(items.map((item) => item.value)).toEqual([{ id: 7 }]);
    const error = await caught(() => collect(readJsonMembers(file)));
    expect(SourceFileError.isInstance(error) && error.message).toMatch(/^\S+skip\.json "images"\[0\] \(at byte 12\): invalid JSON at byte \d+: Unexpected token/);
  });

  it('streams the members of nested objects named in nested', () => {
    const text = '{"version": "1.0", "data": {"questions": ["a?", "b?"], "dialogs": [{"image_id": 1}]}, "split": "val"}';
    const items = decoded(splitInChunks(Buffer.from(text), [5], { nested: ['data'] }));
    expect(items).toEqual([
      { key: 'version', index: -1, value: '1.0' },
      { key: 'questions', index: 0, value: 'a?' },
      { key: 'questions', index: 1, value: 'b?' },
      { key: 'dialogs', index: 0, value: { image_id: 1 } },
      { key: 'split', index: -1, value: 'val' },
    ]);
    const paths = splitInChunks(Buffer.from(text), [7], { nested: ['data'] }).flatMap((piece) => (piece.kind === 'value' ? [piece.path.join('.')] : []));
    expect(paths).toEqual(['', 'data', 'data', 'data', '']);
    // Without `nested`, the object is one value.
    expect(decoded(splitInChunks(Buffer.from(text), [3]))[1]).toEqual({ key: 'data', index: -1, value: { questions: ['a?', 'b?'], dialogs: [{ image_id: 1 }] } });
  });

  it('keeps a byte order mark out of the values and accepts an empty object', () => {
    expect(decoded(splitInChunks(Buffer.from('\uFEFF{"a": [1, 2]}'), [1]))).toEqual([
      { key: 'a', index: 0, value: 1 },
      { key: 'a', index: 1, value: 2 },
    ]);
    expect(decoded(splitInChunks(Buffer.from(' {} \n'), [1]))).toEqual([]);
  });

  it('names the file and the byte for a top level that is not an object', () => {
    const array = splitError('  [{"id": 1}]');
    expect(array.message).toBe('data.json (at byte 2): the top level is a JSON array, not an object');
    expect(array.fix).toMatch(/readJsonArray/);
    expect(splitError('"text"').message).toBe('data.json (at byte 0): the top level starts with "\\"", not a JSON object');
    expect(splitError('').message).toBe('data.json: the file is empty');
    expect(splitError(' \n ').message).toBe('data.json: the file holds no JSON value');
  });

  it('names the member, the element and the byte of a file cut short', () => {
    const inside = splitError('{"info": {}, "annotations": [{"id": 1}, {"id": 2, "capt', [4]);
    expect(inside.message).toBe('data.json "annotations"[1] (at byte 40): the file ends inside this value');
    expect(inside).toMatchObject({ key: 'annotations', index: 1, byteOffset: 40 });
    expect(splitError('{"annotations": [{"id": 1}').message).toBe('data.json (at byte 26): the file ends inside the "annotations" array before the closing bracket');
    expect(splitError('{"annotations": [{"id": 1}]').message).toBe('data.json (at byte 27): the file ends before the closing bracket');
    expect(splitError('{"annot').message).toMatch(/^data\.json \(at byte 7\): the file ends before the closing bracket$/);
    expect(splitError('{"info": 12').message).toBe('data.json "info" (at byte 9): the file ends inside this value');
  });

  it('rejects broken structure between values with the byte where it breaks', () => {
    expect(splitError('{"a": [1 2]}').message).toBe('data.json (at byte 9): expected "," or "]" after "a"[0], found "2"');
    expect(splitError('{"a": [1,]}').message).toBe('data.json (at byte 9): a "," after "a"[0] is followed by "]"');
    expect(splitError('{"a" 1}').message).toBe('data.json (at byte 5): expected ":" after the member name "a", found "1"');
    expect(splitError('{"a": 1,}').message).toBe('data.json (at byte 8): expected a member name after ",", found "}"');
    expect(splitError('{a: 1}').message).toBe('data.json (at byte 1): expected a member name or "}", found "a"');
    expect(splitError('{"a": 1} x').message).toBe('data.json (at byte 9): unexpected "x" after the closing "}"');
    expect(splitError('{"a": 1 "b": 2}').message).toBe('data.json (at byte 8): expected "," or "}" after the member "a", found "\\""');
    expect(splitError('{"a": ,}').message).toBe('data.json (at byte 6): expected a value, found ","');
  });

  it('rejects invalid UTF-8 and invalid JSON inside a value, naming the record', async () => {
    const folder = await temporaryFolder();
    const file = join(folder, 'bad.json');
    await writeFile(file, Buffer.concat([Buffer.from('{"annotations": [{"id": 1}, {"id": 2, "caption": "a'), Buffer.from([0xff]), Buffer.from('"}]}')]));
    const utf8 = await caught(() => collect(readJsonMembers(file)));
    expect(SourceFileError.isInstance(utf8) && utf8.toLine()).toBe(
      `${file} "annotations"[1] (id 2, at byte 28): invalid UTF-8 at byte 51. Fix: save the file as UTF-8, or download it again`,
    );
    await writeFile(file, '{"annotations": [{"id": 1}, {"id": 2, "caption": "a" "b"}]}');
    const json = await caught(() => collect(readJsonMembers(file)));
    expect(json).toMatchObject({ key: 'annotations', index: 1, id: '2', byteOffset: 28 });
    expect((json as Error).message).toMatch(/invalid JSON at byte 53: /);
  });

  it('throws a SourceFileError naming a missing file', async () => {
    const error = await caught(() => collect(readJsonMembers('/no/such/folder/captions_train2017.json')));
    expect(SourceFileError.isInstance(error) && error.toLine()).toBe('/no/such/folder/captions_train2017.json: no such file. Fix: check the path, or download the annotation file first');
  });

  it('throws for one value over the size limit instead of holding it', async () => {
    const folder = await temporaryFolder();
    const file = join(folder, 'big.json');
    await writeFile(file, `{"annotations": [{"id": 1}, {"id": 2, "caption": "${'x'.repeat(5000)}"}]}`);
    const error = await caught(() => collect(readJsonMembers(file, { maxRecordBytes: 1000, chunkBytes: 256 })));
    expect(error).toMatchObject({ key: 'annotations', index: 1, byteOffset: 28 });
    expect((error as Error).message).toMatch(/a value is over 0\.0 MB, the limit for one record$/);
  });

  it('streams a 50 MB file with memory bounded by a record, not the file', async () => {
    const folder = await temporaryFolder();
    const file = join(folder, 'instances_large.json');
    const annotationCount = 200_000;
    const writer = createWriteStream(file);
    writer.write('{"info": {"description": "generated"}, "annotations": [');
    const polygon = Array.from({ length: 24 }, (_, k) => (k * 13.37).toFixed(2)).join(',');
    for (let k = 0; k < annotationCount; k++) {
      const line = `${k === 0 ? '' : ','}\n{"id": ${k}, "image_id": ${k % 5000}, "category_id": ${k % 80}, "bbox": [${k % 600}.5, 10.25, 30, 40], "caption": "caf\\u00e9 \\"${k}\\" ☕", "segmentation": [[${polygon}]]}`;
      if (!writer.write(line)) await new Promise<void>((resolve) => writer.once('drain', () => resolve()));
    }
    writer.end('], "categories": [{"id": 1, "name": "person"}]}');
    await new Promise<void>((resolve) => writer.once('finish', () => resolve()));

    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const memory = (): number => {
      collectGarbage();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    let count = 0;
    let idSum = 0;
    let maxGrowth = 0;
    let bytesRead = 0;
    const atStart = memory();
    for await (const item of readJsonMembers(file, { keys: ['annotations'], onBytes: (bytes) => (bytesRead = bytes) })) {
      const value = item.value as { id: number; caption: string };
      if (value.id !== item.index) throw new Error(`element ${item.index} has id ${value.id}`);
      count++;
      idSum += value.id;
      if (count % 20_000 === 0) maxGrowth = Math.max(maxGrowth, memory() - atStart);
    }
    expect(count).toBe(annotationCount);
    expect(idSum).toBe((annotationCount * (annotationCount - 1)) / 2);
    expect(bytesRead).toBeGreaterThan(50 * 2 ** 20);
    // Reading the file whole would hold its 50+ MB as one string (twice that as UTF-16, for the ☕), plus the
    // parsed objects; streaming holds a few chunks of 1 MiB and their records (about 8 MiB measured).
    expect(maxGrowth).toBeLessThan(20 * 2 ** 20);
  });

  it('stops reading when the consumer stops', async () => {
    const folder = await temporaryFolder();
    const file = join(folder, 'early.json');
    await writeFile(file, `{"annotations": [${Array.from({ length: 1000 }, (_, k) => `{"id": ${k}}`).join(',')}]}`);
    const seen: JsonMemberItem[] = [];
    for await (const item of readJsonMembers(file, { chunkBytes: 64 })) {
      seen.push(item);
      if (seen.length === 3) break;
    }
    expect(seen.map((item) => item.index)).toEqual([0, 1, 2]);
  });
});
