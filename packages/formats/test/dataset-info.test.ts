import fc from 'fast-check';
import type { Sample } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { createShareGptFormat, datasetInfoEntry, mergeDatasetInfo, type DatasetInfoEntry, type ShareGptSpelling } from '../src/index.js';
import { normaliseJson, sampleArbitrary } from './arbitraries.js';

describe('datasetInfoEntry', () => {
  // As LLaMA-Factory's data/README.md documents the sharegpt formatting.
  it('describes the conversations spelling', () => {
    expect(datasetInfoEntry({ fileName: 'train.json', spelling: 'conversations', hasImages: true, hasSystemColumn: true })).toStrictEqual({
      file_name: 'train.json',
      formatting: 'sharegpt',
      columns: { messages: 'conversations', system: 'system', images: 'images' },
      tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', system_tag: 'system' },
    });
  });

  // As LLaMA-Factory's own mllm_demo entry, with the system tag added.
  it('describes the messages spelling', () => {
    expect(datasetInfoEntry({ fileName: 'mllm_demo.json', spelling: 'messages', hasImages: true })).toStrictEqual({
      file_name: 'mllm_demo.json',
      formatting: 'sharegpt',
      columns: { messages: 'messages', images: 'images' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
    });
  });

  it('names the images and system columns only when the data has them', () => {
    expect(datasetInfoEntry({ fileName: 'a.json', spelling: 'conversations', hasImages: false }).columns).toStrictEqual({ messages: 'conversations' });
    expect(datasetInfoEntry({ fileName: 'a.json', spelling: 'messages', hasImages: false, hasSystemColumn: true }).columns).toStrictEqual({ messages: 'messages' });
  });

  /**
   * Reads a record the way the entry tells LLaMA-Factory to: messages from the messages column, roles by the
   * tags, the system prompt from the system column or a leading system message, images from their column.
   */
  function readWithEntry(record: Record<string, unknown>, entry: DatasetInfoEntry) {
    const { columns, tags } = entry;
    const roleOfTag = new Map([
      [tags.user_tag, 'user'],
      [tags.assistant_tag, 'assistant'],
      [tags.system_tag, 'system'],
    ]);
    let messages = record[columns.messages!] as Array<Record<string, string>>;
    let system = columns.system === undefined ? undefined : (record[columns.system] as string | undefined);
    if (messages[0]?.[tags.role_tag] === tags.system_tag) {
      system = messages[0]![tags.content_tag];
      messages = messages.slice(1);
    }
    const turns = messages.map((message) => ({ role: roleOfTag.get(message[tags.role_tag]!), text: message[tags.content_tag] }));
    const images = columns.images === undefined ? [] : ((record[columns.images] ?? []) as string[]);
    return { system, turns, images };
  }

  it.each(['conversations', 'messages'] as const)('lets a reader that follows it read what the %s writer wrote', (spelling: ShareGptSpelling) => {
    const format = createShareGptFormat({ spelling });
    // Valid vift/v1 dialogs: an optional leading system turn, the rest user and assistant turns.
    const samples = sampleArbitrary({ withSourceAndMeta: false }).map((sample): Sample => ({
      ...sample,
      turns: sample.turns.map((turn, position) => ({ ...turn, role: position === 0 && turn.role === 'system' ? 'system' : position % 2 === 0 ? 'user' : 'assistant' })),
    }));
    fc.assert(
      fc.property(samples, (sample) => {
        const record = normaliseJson(format.toRecord(sample)) as Record<string, unknown>;
        const hasSystemColumn = typeof record.system === 'string';
        const entry = datasetInfoEntry({ fileName: 'train.json', spelling, hasImages: sample.images.length > 0, hasSystemColumn });
        const read = readWithEntry(record, entry);
        const [first, ...rest] = sample.turns;
        const systemTurn = first?.role === 'system' ? first : undefined;
        const dialog = systemTurn === undefined ? sample.turns : rest;
        expect(read.system).toBe(systemTurn?.text);
        expect(read.turns).toEqual(dialog.map((turn) => ({ role: turn.role, text: turn.text })));
        expect(read.images).toEqual(sample.images.map((image) => image.path));
      }),
      { numRuns: 200 },
    );
  });
});

describe('mergeDatasetInfo', () => {
  const entry = datasetInfoEntry({ fileName: 'vift.json', spelling: 'conversations', hasImages: true });

  it('adds an entry after the others, which keep their order and content', () => {
    const existing = { mllm_demo: { file_name: 'mllm_demo.json' }, alpaca_en_demo: { file_name: 'alpaca_en_demo.json' } };
    const before = JSON.stringify(existing);
    const merged = mergeDatasetInfo(existing, 'vift', entry);
    expect(Object.keys(merged)).toEqual(['mllm_demo', 'alpaca_en_demo', 'vift']);
    expect(merged.vift).toBe(entry);
    expect(merged.mllm_demo).toEqual({ file_name: 'mllm_demo.json' });
    expect(JSON.stringify(existing)).toBe(before);
  });

  it('replaces an entry of the same name where it stands', () => {
    const merged = mergeDatasetInfo({ vift: { file_name: 'old.json' }, other: {} }, 'vift', entry);
    expect(Object.keys(merged)).toEqual(['vift', 'other']);
    expect(merged.vift).toBe(entry);
  });

  it.each([undefined, null, [], 'text', 3])('starts afresh from %j', (existing) => {
    expect(mergeDatasetInfo(existing, 'vift', entry)).toStrictEqual({ vift: entry });
  });

  it('takes any name, "__proto__" included, as a plain key', () => {
    const merged = mergeDatasetInfo(JSON.parse('{"__proto__": {"file_name": "x.json"}}'), '__proto__', entry);
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(JSON.parse(JSON.stringify(merged))).toEqual(JSON.parse(JSON.stringify({ ['__proto__']: entry })));
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});
