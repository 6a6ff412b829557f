import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetFileError } from '../../src/node/dataset-file-error.js';
import { JsonArraySplitter } from '../../src/node/json-array-splitter.js';
import { HEAD_BYTES, type RawRecord } from '../../src/node/raw-record.js';
import { chunkSizes, jsonElement, splitInChunks, whitespace } from './split-helpers.js';

const noLimit = Number.MAX_SAFE_INTEGER;
const byteOrderMark = '\uFEFF';

function split(text: string | Buffer, sizes: readonly number[] = [1 << 20], maxRecordBytes = noLimit): RawRecord[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return splitInChunks(new JsonArraySplitter('data.json', maxRecordBytes), bytes, sizes);
}

function splitError(text: string, sizes: readonly number[] = [1 << 20]): DatasetFileError {
  try {
    split(text, sizes);
  } catch (error) {
    if (DatasetFileError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a DatasetFileError');
}

// Generous: the property runs and the 160 MiB stream must not time out on a busy machine.
describe('JsonArraySplitter', { timeout: 30_000 }, () => {
  it('yields exactly the elements of any JSON array, with index and byte offset, in any chunk sizes', () => {
    const document = fc.record({
      elements: fc.array(fc.record({ value: jsonElement, before: whitespace, after: whitespace }), { maxLength: 8 }),
      indent: fc.constantFrom('', ' ', '  ', '\t', '\r\n '),
      opening: whitespace,
      closing: whitespace,
      trailing: whitespace,
      withByteOrderMark: fc.boolean(),
    });
    fc.assert(
      fc.property(document, chunkSizes, (doc, sizes) => {
        const texts = doc.elements.map(({ value }) => JSON.stringify(value, null, doc.indent));
        const body = doc.elements.map(({ before, after }, k) => `${before}${texts[k]}${after}`).join(',');
        const file = Buffer.from(`${doc.withByteOrderMark ? byteOrderMark : ''}${doc.opening}[${body}${doc.closing}]${doc.trailing}`);
        for (const chunking of [sizes, [1]]) {
          const records = split(file, chunking);
          expect(records.map((record) => record.kind)).toEqual(texts.map(() => 'record'));
          records.forEach((record, k) => {
            if (record.kind !== 'record') return;
            expect(record.index).toBe(k);
            expect(record.bytes.toString('utf8')).toBe(texts[k]);
            expect(file.subarray(record.byteOffset, record.byteOffset + record.bytes.length).equals(record.bytes)).toBe(true);
            expect(JSON.parse(record.bytes.toString('utf8'))).toEqual(JSON.parse(texts[k]!));
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds the end of strings whose escapes and backslash runs straddle every possible chunk boundary', () => {
    const elements = ['a\\', 'b"c\\"', '\\\\\\"]', '[{"x": "]"}', 'é😀\\"', ''];
    const file = Buffer.from(`[${elements.map((element) => JSON.stringify(element)).join(', ')}, {"k": "\\\\"}]`);
    for (let cut = 1; cut < file.length; cut++) {
      const records = split(file, [cut, file.length]);
      const values = records.map((record) => (record.kind === 'record' ? JSON.parse(record.bytes.toString('utf8')) : record.kind));
      expect(values).toEqual([...elements, { k: '\\' }]);
    }
  });

  it('reads an empty array as no records', () => {
    expect(split(' [ \n ] \n')).toEqual([]);
    expect(split('\uFEFF[]', [1])).toEqual([]);
  });

  it('reports a record over maxRecordBytes as too-large with its first bytes, and reads the records after it', () => {
    const big = { id: 'big', text: 'x'.repeat(50_000) };
    const file = Buffer.from(`[{"id": "a"}, ${JSON.stringify(big)}, {"id": "b"}, "${'y'.repeat(200)}", 7]`);
    for (const sizes of [[1 << 20], [1], [7, 1000, 3]]) {
      const records = split(file, sizes, 1000);
      expect(records.map((record) => record.kind)).toEqual(['record', 'too-large', 'record', 'record', 'record']);
      const tooLarge = records[1]!;
      if (tooLarge.kind !== 'too-large') throw new Error('expected too-large');
      const bigText = JSON.stringify(big);
      expect(tooLarge).toMatchObject({ index: 1, byteOffset: file.indexOf('{"id":"big"'), byteLength: bigText.length });
      // The head is the record's start, enough to name its id in a message.
      expect(tooLarge.head.length).toBeGreaterThan(1000);
      expect(tooLarge.head.length).toBeLessThanOrEqual(HEAD_BYTES);
      expect(bigText.startsWith(tooLarge.head.toString('utf8'))).toBe(true);
      expect(records.slice(2).map((record) => record.kind === 'record' && JSON.parse(record.bytes.toString('utf8')))).toEqual([{ id: 'b' }, 'y'.repeat(200), 7]);
      expect(records.map((record) => record.index)).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('skips an oversized record without holding it in memory', () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const splitter = new JsonArraySplitter('data.json', 1 << 20);
    const out: RawRecord[] = [];
    const chunk = 1 << 20;
    splitter.push(Buffer.from('[{"id": "big", "text": "'), out);
    collectGarbage();
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    for (let k = 0; k < 160; k++) {
      splitter.push(Buffer.alloc(chunk, 'a'), out); // a fresh chunk each time, as a file stream gives
      if (k % 8 === 7) {
        collectGarbage();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      }
    }
    splitter.push(Buffer.from('"}, {"id": "next"}]'), out);
    splitter.end(out);
    expect(out.map((record) => record.kind)).toEqual(['too-large', 'record']);
    expect(out[0]).toMatchObject({ byteLength: 160 * chunk + '{"id": "big", "text": "'.length + 2 });
    // 160 MiB went through; what stays is about the limit (1 MiB) plus a chunk, not the record.
    expect(peak).toBeLessThan(16 * chunk);
  });

  it('reports a file that ends inside a record as truncated, with the record offset and id', () => {
    const file = '[{"id": "a"},\n {"id": "b", "conversations": [{"from": "human", "value": "hel';
    for (const sizes of [[1 << 20], [1], [5]]) {
      const records = split(file, sizes);
      expect(records.map((record) => record.kind)).toEqual(['record', 'truncated']);
      expect(records[1]).toMatchObject({ index: 1, byteOffset: file.indexOf('{"id": "b"'), byteLength: file.length - file.indexOf('{"id": "b"') });
      const truncated = records[1]!;
      if (truncated.kind === 'truncated') expect(truncated.head.toString()).toBe(file.slice(file.indexOf('{"id": "b"')));
    }
  });

  it('reports a file that ends after a record without "]" as truncated with no bytes', () => {
    for (const file of ['[{"id": "a"}', '[{"id": "a"},', '[{"id": "a"}\n  ', '[']) {
      const records = split(file, [1]);
      const last = records.at(-1)!;
      expect(last).toMatchObject({ kind: 'truncated', byteLength: 0, byteOffset: Buffer.byteLength(file) });
    }
  });

  it('rejects a top level that is not an array, naming what it is', () => {
    const object = splitError('\n  {"id": "a", "conversations": []}');
    expect(object.message).toBe('data.json: the top level is a JSON object, not a JSON array of records (at byte 3)');
    expect(object.fix).toContain('--from-container jsonl');
    expect(splitError('"text"').message).toBe('data.json: the top level is "\\"", not a JSON array of records (at byte 0)');
    expect(splitError('\uFEFF\uFEFF[]', [1]).byteOffset).toBe(3);
  });

  it('rejects an empty or whitespace-only file', () => {
    expect(splitError('').message).toBe('data.json: the file is empty');
    expect(splitError(' \r\n\t ').message).toBe('data.json: the file holds only whitespace');
  });

  it('rejects junk after the closing bracket and a missing comma between records, at the right byte', () => {
    const junk = '[{"id": "a"}]\n x';
    expect(splitError(junk, [1])).toMatchObject({ byteOffset: junk.indexOf('x') });
    expect(splitError(junk).message).toContain('unexpected "x" after the closing "]"');
    const missingComma = '[{"id": "a"}\n{"id": "b"}]';
    const error = splitError(missingComma, [2]);
    expect(error.byteOffset).toBe(missingComma.indexOf('{"id": "b"'));
    expect(error.message).toContain('expected "," or "]" after record 0, found "{"');
    expect(splitError('[1, 2, ]').message).toContain('a "," after record 1 is followed by "]"');
  });
});
