import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { tableFromIPC } from 'apache-arrow';
import { createLlavaFormat } from '@vift/formats';
import { ViftError, type Sample } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { ArrowDatasetError, ipcToSamples, recordBatchToSamples, sampleArrowSchema, samplesToIpc, samplesToRecordBatch } from '../src/index.js';
import { validSampleArbitrary } from '../../schema/test/sample-arbitraries.js';

const fixture = (name: string) => new URL(`../../../fixtures/llava/${name}`, import.meta.url);

describe('samples in Arrow', () => {
  it('come back from a record batch exactly, lone surrogates and image fields included', () => {
    fc.assert(
      fc.property(fc.array(validSampleArbitrary, { maxLength: 8 }), (samples) => {
        const batch = samplesToRecordBatch(samples);
        expect(batch.numRows).toBe(samples.length);
        expect(recordBatchToSamples(batch)).toEqual(samples);
      }),
      { numRuns: 80 },
    );
  });

  it('hold valid UTF-8 in the columns: a lone surrogate is U+FFFD there, the original in meta', () => {
    const sample: Sample = { id: 'a', images: [], turns: [{ role: 'user', text: 'x\ud800y' }, { role: 'assistant', text: 'ok' }] };
    const batch = samplesToRecordBatch([sample]);
    const messages = batch.getChild('messages')!.get(0)!;
    expect(messages.get(0).content).toBe('x\ufffdy');
    expect(JSON.parse(batch.getChild('meta')!.get(0) as string)).toEqual({ 'vift:text': { 'turns[0].text': 'x\ud800y' } });
    expect(recordBatchToSamples(batch)).toEqual([sample]);
  });

  it('go through Arrow IPC files and streams', () => {
    fc.assert(
      fc.property(fc.array(validSampleArbitrary, { maxLength: 6 }), fc.constantFrom('file' as const, 'stream' as const), (samples, format) => {
        const bytes = samplesToIpc(samples, { format });
        expect(String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1').toBe(format === 'file');
        expect(ipcToSamples(bytes)).toEqual(samples);
      }),
      { numRuns: 40 },
    );
  });

  it('carry the Hugging Face features and the vift layout columns', () => {
    const table = tableFromIPC(samplesToIpc([]));
    expect(table.schema.fields.map((field) => field.name)).toEqual(['id', 'images', 'messages', 'source', 'meta']);
    expect(String(table.schema.fields[1]!.type)).toBe('List<Struct<{bytes:Binary, path:Utf8}>>');
    const features = JSON.parse(sampleArrowSchema.metadata.get('huggingface')!).info.features;
    expect(features.images).toEqual([{ _type: 'Image' }]);
    expect(features.messages[0].content).toEqual({ dtype: 'string', _type: 'Value' });
  });

  it('keep the real LLaVA fixtures exact: LLaVA → Arrow → LLaVA is the same JSON value', () => {
    const llava = createLlavaFormat();
    for (const name of ['llava-instruct-coco-val-90.json', 'llava-bench-in-the-wild-60.json']) {
      const records = JSON.parse(readFileSync(fixture(name), 'utf8')) as unknown[];
      const samples = records.map((record, index) => llava.fromRecord(record, { index }).sample!);
      const back = ipcToSamples(samplesToIpc(samples)).map((sample) => llava.toRecord(sample));
      expect(JSON.stringify(back)).toBe(JSON.stringify(records));
    }
  });

  it('name the missing column of Arrow data that is not a vift dataset', async () => {
    const { tableFromArrays, tableToIPC } = await import('apache-arrow');
    const bytes = tableToIPC(tableFromArrays({ question: ['q'], answer: ['a'] }));
    let error: unknown;
    try {
      ipcToSamples(bytes);
    } catch (caught) {
      error = caught;
    }
    expect(ArrowDatasetError.isInstance(error)).toBe(true);
    expect(ViftError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('lack "id" and "images" and "messages"');
  });
});

describe('a leading byte order mark', () => {
  it('survives Arrow, whose UTF-8 decoding drops it', () => {
    const sample: Sample = { id: '\ufeffid', images: [], turns: [{ role: 'user', text: 'a' }, { role: 'assistant', text: '\ufeffa' }] };
    expect(ipcToSamples(samplesToIpc([sample]))).toEqual([sample]);
  });
});
