import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { validateSample } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { createLlavaFormat, detectRecordFormat } from '../src/index.js';
import { normaliseJson } from './arbitraries.js';
import { throughFormat, throughFormats } from './round-trip.js';

// Real records: LLaVA's GPT-4 instruction data on COCO val2014 and the LLaVA-Bench questions, derived into
// LLaVA's training format by fixtures/llava/derive.mjs.
const fixtureFolder = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/llava');
const fixtureNames = readdirSync(fixtureFolder).filter((name) => name.endsWith('.json')).sort();
const fixtures = fixtureNames.map((name) => {
  const text = readFileSync(join(fixtureFolder, name), 'utf8');
  return { name, text, records: JSON.parse(text) as unknown[] };
});

const llava = createLlavaFormat();

describe('LLaVA fixtures', () => {
  it('are there', () => {
    expect(fixtureNames).toEqual([
      'llava-bench-coco-90.json',
      'llava-bench-in-the-wild-60.json',
      'llava-instruct-coco-val-30-multiturn.json',
      'llava-instruct-coco-val-90.json',
    ]);
    expect(fixtures.map((fixture) => fixture.records.length)).toEqual([90, 60, 30, 90]);
  });

  it.each(fixtures)('$name reads as valid samples and writes back to the same file bytes', ({ text, records }) => {
    const samples = records.map((record, index) => {
      const result = llava.fromRecord(record, { index });
      expect(result.issues).toEqual([]);
      return result.sample!;
    });
    for (const [index, sample] of samples.entries()) expect(validateSample(sample, { index }).issues).toEqual([]);
    // Written the way LLaVA writes its files (indent 2), the file comes back byte for byte.
    const written = samples.map((sample) => llava.toRecord(sample));
    expect(`${JSON.stringify(written, null, 2)}\n`).toBe(text);
  });

  describe.each(throughFormats)('through %s', (formatId, format) => {
    it.each(fixtures)('every record of $name comes back as the same JSON value', ({ records }) => {
      for (const [index, record] of records.entries()) {
        expect(JSON.stringify(throughFormat(record, format, index))).toBe(JSON.stringify(record));
      }
    });

    it.each(fixtures)('every record of $name written as the format is detected as it', ({ records }) => {
      for (const [index, record] of records.entries()) {
        const sample = llava.fromRecord(record, { index }).sample!;
        expect(detectRecordFormat(normaliseJson(format.toRecord(sample)))).toBe(formatId);
      }
    });
  });

  it('are exactly what derive.mjs makes of the official files', async () => {
    const derive = (await import(pathToFileURL(join(fixtureFolder, 'derive.mjs')).href)) as {
      deriveAll(): Record<string, unknown[]>;
      serialise(records: unknown[]): string;
    };
    const derived = derive.deriveAll();
    expect(Object.keys(derived).sort()).toEqual(fixtureNames);
    for (const { name, text } of fixtures) expect(derive.serialise(derived[name]!)).toBe(text);
  });
});
