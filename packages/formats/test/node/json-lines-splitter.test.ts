import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonLinesSplitter } from '../../src/node/json-lines-splitter.js';
import type { RawRecord } from '../../src/node/raw-record.js';
import { chunkSizes, jsonElement, splitInChunks } from './split-helpers.js';

const noLimit = Number.MAX_SAFE_INTEGER;

function split(text: string | Buffer, sizes: readonly number[] = [1 << 20], maxRecordBytes = noLimit): RawRecord[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return splitInChunks(new JsonLinesSplitter(maxRecordBytes), bytes, sizes);
}

const blankLine = fc.array(fc.constantFrom(' ', '\t', '\r'), { maxLength: 3 }).map((parts) => parts.join(''));
const padding = fc.array(fc.constantFrom(' ', '\t'), { maxLength: 2 }).map((parts) => parts.join(''));

describe('JsonLinesSplitter', { timeout: 30_000 }, () => {
  it('yields one record per non-blank line, with index and byte offset, in any chunk sizes', () => {
    const document = fc.record({
      lines: fc.array(
        fc.record({ value: jsonElement, blankLinesBefore: fc.array(blankLine, { maxLength: 2 }), before: padding, after: padding }),
        { maxLength: 8 },
      ),
      newline: fc.constantFrom('\n', '\r\n'),
      finalNewline: fc.boolean(),
      withByteOrderMark: fc.boolean(),
    });
    fc.assert(
      fc.property(document, chunkSizes, (doc, sizes) => {
        const texts = doc.lines.map(({ value }) => JSON.stringify(value));
        const lines = doc.lines.flatMap(({ blankLinesBefore, before, after }, k) => [...blankLinesBefore, `${before}${texts[k]}${after}`]);
        const body = lines.join(doc.newline) + (doc.finalNewline && lines.length > 0 ? doc.newline : '');
        const file = Buffer.from(`${doc.withByteOrderMark ? '\uFEFF' : ''}${body}`);
        for (const chunking of [sizes, [1]]) {
          const records = split(file, chunking);
          expect(records.map((record) => record.kind)).toEqual(texts.map(() => 'record'));
          records.forEach((record, k) => {
            if (record.kind !== 'record') return;
            expect(record.index).toBe(k);
            expect(file.subarray(record.byteOffset, record.byteOffset + record.bytes.length).equals(record.bytes)).toBe(true);
            expect(record.bytes.toString('utf8').trim()).toBe(texts[k]);
            expect(JSON.parse(record.bytes.toString('utf8'))).toEqual(JSON.parse(texts[k]!));
            // The record starts where its line starts: right after a newline or the byte order mark.
            const start = doc.withByteOrderMark ? 3 : 0;
            expect(record.byteOffset === start || file[record.byteOffset - 1] === 0x0a).toBe(true);
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps bytes that only look like the start of a byte order mark in the first line', () => {
    const file = Buffer.concat([Buffer.from([0xef, 0xbb]), Buffer.from('{"id": 1}\n{"id": 2}')]);
    for (const sizes of [[1], [2], [1 << 20]]) {
      const records = split(file, sizes);
      expect(records.map((record) => record.kind === 'record' && [record.byteOffset, record.bytes.length])).toEqual([
        [0, 11],
        [12, 9],
      ]);
    }
  });

  it('reports a line over maxRecordBytes as too-large and reads the lines after it', () => {
    const long = JSON.stringify({ id: 'big', text: 'x'.repeat(20_000) });
    const file = `{"id": "a"}\n${long}\r\n\n{"id": "b"}\n${long}`;
    for (const sizes of [[1], [1 << 20], [999]]) {
      const records = split(file, sizes, 1000);
      expect(records.map((record) => [record.kind, record.index, record.byteOffset])).toEqual([
        ['record', 0, 0],
        ['too-large', 1, 12],
        ['record', 2, 12 + long.length + 3],
        ['too-large', 3, 12 + long.length + 3 + 12],
      ]);
      expect(records[1]).toMatchObject({ byteLength: long.length + 1 });
      expect(records[3]).toMatchObject({ byteLength: long.length });
      const head = records[1]!.kind === 'too-large' ? records[1]!.head.toString('utf8') : '';
      expect(long.startsWith(head) && head.length > 1000).toBe(true);
    }
  });

  it('yields nothing for an empty or blank file', () => {
    expect(split('')).toEqual([]);
    expect(split('\uFEFF\r\n \n\t', [1])).toEqual([]);
  });
});
