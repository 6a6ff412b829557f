import fc from 'fast-check';
import type { Sample } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { createFormat, detectRecordFormat, formatIds, isFormatId, parseFormatName } from '../src/index.js';
import { nonEmptyImagePathArbitrary, normaliseJson, plainTextArbitrary } from './arbitraries.js';

describe('detectRecordFormat', () => {
  it('detects LLaVA records', () => {
    const record = {
      id: '000000033471',
      image: 'coco/train2017/000000033471.jpg',
      conversations: [
        { from: 'human', value: '<image>\nWhat are the colors of the bus in the image?' },
        { from: 'gpt', value: 'The bus in the image is white and red.' },
      ],
    };
    expect(detectRecordFormat(record)).toBe('llava');
    // Text-only LLaVA records (mix665k has them) have no image key at all.
    expect(detectRecordFormat({ id: 'x', conversations: [{ from: 'human', value: 'hi' }] })).toBe('llava');
  });

  it('detects LLaMA-Factory ShareGPT records by their images list or system column', () => {
    const conversations = [
      { from: 'human', value: '<image>Who are they?' },
      { from: 'gpt', value: 'They are Kane and Gretzka.' },
    ];
    expect(detectRecordFormat({ conversations, images: ['mllm_demo_data/1.jpg'] })).toBe('sharegpt');
    expect(detectRecordFormat({ conversations, system: 'You are helpful.' })).toBe('sharegpt');
  });

  it("detects LLaMA-Factory's mllm_demo records as the messages spelling", () => {
    const record = {
      messages: [
        { content: '<image>Who are they?', role: 'user' },
        { content: "They're Kane and Gretzka from Bayern Munich.", role: 'assistant' },
        { content: 'What are they doing?<image>', role: 'user' },
        { content: 'They are celebrating on the soccer field.', role: 'assistant' },
      ],
      images: ['mllm_demo_data/1.jpg', 'mllm_demo_data/1.jpg'],
    };
    expect(detectRecordFormat(record)).toBe('sharegpt-messages');
  });

  it('detects TRL records by their image and text parts', () => {
    const record = {
      messages: [
        { role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'What is shown?' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'A cat.' }] },
      ],
      images: ['cat.jpg'],
    };
    expect(detectRecordFormat(record)).toBe('trl');
  });

  it('detects OpenAI records, with image_url parts or plain text', () => {
    const withImage = {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } }] },
        { role: 'assistant', content: 'A cat.' },
      ],
    };
    expect(detectRecordFormat(withImage)).toBe('openai');
    expect(detectRecordFormat({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] })).toBe('openai');
  });

  it.each([null, 3, 'text', [], {}, { messages: 'hi' }, { conversations: {} }, { messages: [{ role: 'user' }] }])('detects nothing in %j', (record) => {
    expect(detectRecordFormat(record)).toBeUndefined();
  });

  // Samples with an image in the first user turn, so that every format writes its telling fields.
  const imageSampleArbitrary = fc
    .record({
      path: nonEmptyImagePathArbitrary,
      question: plainTextArbitrary.filter((text) => text !== ''),
      answers: fc.array(plainTextArbitrary, { minLength: 1, maxLength: 4 }),
      system: fc.option(plainTextArbitrary, { nil: undefined }),
    })
    .map(({ path, question, answers, system }): Sample => {
      const turns: Sample['turns'] = [{ role: 'user', text: `<image>\n${question}` }];
      answers.forEach((text, position) => turns.push({ role: position % 2 === 0 ? 'assistant' : 'user', text }));
      if (system !== undefined) turns.unshift({ role: 'system', text: system });
      return { id: 'a', images: [{ path }], turns };
    });

  it.each(formatIds)('detects what the %s writer writes as that format', (formatId) => {
    const format = createFormat(formatId);
    fc.assert(
      fc.property(imageSampleArbitrary, (sample) => {
        expect(detectRecordFormat(normaliseJson(format.toRecord(sample)))).toBe(formatId);
      }),
      { numRuns: 100 },
    );
  });
});

describe('format names', () => {
  it('parses a format, or a format with its container', () => {
    for (const id of formatIds) {
      expect(isFormatId(id)).toBe(true);
      expect(parseFormatName(id)).toEqual({ format: id });
      expect(parseFormatName(`${id}-json`)).toEqual({ format: id, container: 'json' });
      expect(parseFormatName(`${id}-jsonl`)).toEqual({ format: id, container: 'jsonl' });
    }
  });

  it.each(['', 'parquet', 'LLaVA', 'llava-csv', 'llava-', '-jsonl', 'sharegpt-messages-jsonl-json', 'trl jsonl'])('rejects %j', (name) => {
    expect(parseFormatName(name)).toBeUndefined();
    expect(isFormatId(name)).toBe(false);
  });

  it('creates each format as a v1 adapter with its own id', () => {
    for (const id of formatIds) {
      const format = createFormat(id);
      expect(format.id).toBe(id);
      expect(format.specificationVersion).toBe('v1');
      expect(['json', 'jsonl']).toContain(format.defaultContainer);
    }
    const sample: Sample = { id: 'a', images: [], turns: [] };
    expect(createFormat('openai').toRecord(sample)).not.toHaveProperty('id');
    expect(createFormat('openai', { openaiExtras: true }).toRecord(sample)).toHaveProperty('id', 'a');
  });
});
