import { expect } from 'vitest';
import type { Sample } from '@vift/schema';
import type { FormatAdapter, FormatId } from '../src/format-adapter.js';
import { createFormat, createLlavaFormat } from '../src/index.js';
import { normaliseJson } from './arbitraries.js';

const llava = createLlavaFormat();

/** The formats a LLaVA record can pass through and come back from unchanged. */
export const throughFormats: ReadonlyArray<[FormatId, FormatAdapter]> = [
  ['sharegpt', createFormat('sharegpt')],
  ['sharegpt-messages', createFormat('sharegpt-messages')],
  ['trl', createFormat('trl')],
  ['openai', createFormat('openai', { openaiExtras: true })],
];

/** LLaVA record → sample → format record (through JSON) → sample → LLaVA record. */
export function throughFormat(record: unknown, format: FormatAdapter, index = 0): unknown {
  const losses: string[] = [];
  const tally = (field: string) => losses.push(field);
  const first = llava.fromRecord(record, { index });
  expect(first.issues).toEqual([]);
  const formatRecord = normaliseJson(format.toRecord(first.sample!, tally));
  const second = format.fromRecord(formatRecord, { index });
  expect(second.issues).toEqual([]);
  const written = llava.toRecord(second.sample!, tally);
  expect(losses).toEqual([]);
  return written;
}

/** Reads a record (as JSON.parse would give it) and writes it back; fails on issues, losses or a changed record. */
export function expectRecordRoundTrip(format: FormatAdapter, built: unknown, index = 0): Sample {
  const record = normaliseJson(built);
  const before = JSON.stringify(record);
  const result = format.fromRecord(record, { index });
  expect(result.issues).toEqual([]);
  const sample = result.sample!;
  const losses: string[] = [];
  const written = format.toRecord(sample, (field) => losses.push(field));
  expect(losses).toEqual([]);
  expect(JSON.stringify(written)).toBe(before);
  // Reading must not change the record it was given.
  expect(JSON.stringify(record)).toBe(before);
  return sample;
}

/** Writes a sample, sends the record through JSON as a file would, and reads it back. */
export function writeAndRead(format: FormatAdapter, sample: Sample, index = 0): { sample: Sample; record: unknown; losses: string[] } {
  const losses: string[] = [];
  const record = normaliseJson(format.toRecord(sample, (field) => losses.push(field)));
  const result = format.fromRecord(record, { index });
  expect(result.issues).toEqual([]);
  return { sample: result.sample!, record, losses };
}

/**
 * The sample as plain comparable data: keys sorted, bytes as number lists. Key order means nothing in a
 * sample, and toStrictEqual trips over meta keys such as "constructor", which records may well have.
 */
function comparable(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: [...value] };
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => [key, comparable(record[key])]);
  }
  return value;
}

export function expectSameSample(actual: Sample, expected: Sample): void {
  expect(JSON.stringify(comparable(actual), null, 1)).toBe(JSON.stringify(comparable(expected), null, 1));
}

/** Every place in a JSON value where another value could go: the paths to its object and array members. */
function memberPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((item, position) => [[...path, position], ...memberPaths(item, [...path, position])]);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [[...path, key], ...memberPaths(item, [...path, key])]);
  }
  return [];
}

/** A copy of a JSON record with the member at `choice` (any number, taken modulo) replaced, or the record itself. */
export function replaceMember(record: unknown, choice: number, replacement: unknown): unknown {
  const copy = normaliseJson(record);
  const paths = memberPaths(copy);
  if (paths.length === 0) return replacement;
  const path = paths[choice % paths.length]!;
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  Object.defineProperty(parent, path.at(-1)!, { value: replacement, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * Reads a record and checks the outcome is a sample or issues (never an exception), and that each issue
 * names the record and a path, and the turn exactly when the path is inside one.
 */
export function expectSampleOrIssues(format: FormatAdapter, record: unknown, messagesKey: string): void {
  const result = format.fromRecord(record, { index: 11, byteOffset: 512 });
  if (result.sample !== undefined) {
    expect(result.issues).toEqual([]);
    return;
  }
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(issue).toMatchObject({ index: 11, byteOffset: 512, severity: 'error' });
    expect(issue.path).toBeTypeOf('string');
    expect(issue.message.startsWith(`${issue.path}: `)).toBe(true);
    const turn = new RegExp(`^${messagesKey}\\[(\\d+)\\]`).exec(issue.path!);
    expect(issue.turnIndex).toBe(turn === null ? undefined : Number(turn[1]));
  }
}
