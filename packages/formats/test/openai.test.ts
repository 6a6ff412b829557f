import fc from 'fast-check';
import { countPlaceholders, type ImageRef, type Sample } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { bytesToBase64, sniffImageType } from '../src/base64.js';
import { createOpenAiFormat } from '../src/index.js';
import {
  arrange,
  extrasArbitrary,
  imagePathArbitrary,
  jsonValueArbitrary,
  nonEmptyImagePathArbitrary,
  optionalEntry,
  partedTextArbitrary,
  provenanceArbitrary,
  metaArbitrary,
  recordIdArbitrary,
  sourceValueArbitrary,
  textArbitrary,
  turnArbitrary,
  type Entry,
} from './arbitraries.js';
import { expectRecordRoundTrip, expectSameSample, expectSampleOrIssues, replaceMember, writeAndRead } from './round-trip.js';

const openai = createOpenAiFormat();
const openaiWithExtras = createOpenAiFormat({ extras: true });

const jpegHeader = [0xff, 0xd8, 0xff, 0xe0];
const pngHeader = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const imageBytesArbitrary = fc
  .tuple(fc.constantFrom<number[]>([], jpegHeader, pngHeader), fc.uint8Array({ maxLength: 10 }))
  .map(([header, body]) => new Uint8Array([...header, ...body]));

const dataUrl = (bytes: Uint8Array) => `data:${sniffImageType(bytes)};base64,${bytesToBase64(bytes)}`;

const urlArbitrary = fc.oneof(
  imagePathArbitrary,
  imageBytesArbitrary.map(dataUrl),
  // Data URLs the writer would spell otherwise: another media type, no padding, a line break.
  imageBytesArbitrary.map((bytes) => `data:image/jpg;base64,${bytesToBase64(bytes)}`),
  imageBytesArbitrary.map((bytes) => dataUrl(bytes).replace(/=+$/, '')),
  imageBytesArbitrary.map((bytes) => `data:image/png;base64,${bytesToBase64(bytes).replace(/^(.{4})/, '$1\n')}`),
  fc.constant('data:text/plain,not-base64'),
);

const partArbitrary = fc.oneof(
  textArbitrary.map((text) => ({ type: 'text', text })),
  urlArbitrary.map((url) => ({ type: 'image_url', image_url: { url } })),
  fc.tuple(urlArbitrary, fc.constantFrom('low', 'high', 'auto')).map(([url, detail]) => ({ type: 'image_url', image_url: { url, detail } })),
  fc.tuple(urlArbitrary, extrasArbitrary(['type', 'image_url'])).map(([url, extras]) => Object.fromEntries([['image_url', { url }], ['type', 'image_url'], ...extras])),
);

const present = (entries: Array<Entry | undefined>) => entries.filter((entry): entry is Entry => entry !== undefined);

/**
 * Records of the upload format have only the fields OpenAI defines (messages, tools...; role, content,
 * name, weight); with extras they may also have an id, a source and anything else.
 */
function openAiRecordArbitrary(options: { upload: boolean }) {
  const none = fc.constant(undefined);
  const noExtras = fc.constant<Entry[]>([]);
  const message = fc
    .record({
      role: fc.constantFrom('system', 'user', 'assistant'),
      content: fc.oneof(textArbitrary, fc.array(partArbitrary, { maxLength: 4 })),
      source: options.upload ? none : optionalEntry('source', sourceValueArbitrary),
      name: optionalEntry('name', fc.string({ maxLength: 4 })),
      weight: optionalEntry('weight', fc.constantFrom(0, 1)),
      extras: options.upload ? noExtras : extrasArbitrary(['role', 'content', 'source', 'name', 'weight']),
    })
    .chain(({ role, content, source, name, weight, extras }) => arrange([['role', role], ['content', content], source], [...present([name, weight]), ...extras]));
  return fc
    .record({
      id: options.upload ? none : optionalEntry('id', recordIdArbitrary),
      messages: fc.array(message, { maxLength: 5 }).map((messages): Entry => ['messages', messages]),
      tools: optionalEntry('tools', fc.array(jsonValueArbitrary, { maxLength: 2 })),
      parallelToolCalls: optionalEntry('parallel_tool_calls', fc.boolean()),
      source: options.upload ? none : optionalEntry('source', sourceValueArbitrary),
      extras: options.upload ? noExtras : extrasArbitrary(['id', 'messages', 'source', 'tools', 'parallel_tool_calls']),
    })
    .chain(({ id, messages, tools, parallelToolCalls, source, extras }) => arrange([id, messages, source], [...present([tools, parallelToolCalls]), ...extras]));
}

/** Turns spelled exactly by parts, and as many images (paths or bytes, never both) as placeholders. */
function openAiSampleArbitrary(options: { withSourceAndMeta: boolean }): fc.Arbitrary<Sample> {
  const imageArbitrary = fc.oneof(
    nonEmptyImagePathArbitrary.map((path): ImageRef => ({ path })),
    imageBytesArbitrary.map((bytes): ImageRef => ({ bytes })),
  );
  return fc
    .record({
      id: fc.string({ minLength: 1, maxLength: 6 }),
      turns: fc.array(turnArbitrary({ text: partedTextArbitrary, withSourceAndMeta: options.withSourceAndMeta }), { maxLength: 5 }),
      source: options.withSourceAndMeta ? fc.option(provenanceArbitrary, { nil: undefined }) : fc.constant(undefined),
      meta: options.withSourceAndMeta ? fc.option(metaArbitrary, { nil: undefined }) : fc.constant(undefined),
    })
    .chain(({ id, turns, source, meta }) => {
      const placeholders = turns.reduce((count, turn) => count + countPlaceholders(turn.text), 0);
      return fc.array(imageArbitrary, { minLength: placeholders, maxLength: placeholders }).map((images) => {
        const sample: Sample = { id, images, turns };
        if (source !== undefined) sample.source = source;
        if (meta !== undefined && Object.keys(meta).length > 0) sample.meta = meta;
        return sample;
      });
    });
}

describe('OpenAI records', () => {
  it.each([
    ['the upload format', openai, true],
    ['with extras', openaiWithExtras, false],
  ])('reads and writes back every record as the same JSON value (%s)', (_name, format, upload) => {
    fc.assert(
      fc.property(openAiRecordArbitrary({ upload }), fc.nat(100_000), (record, index) => {
        expectRecordRoundTrip(format, record, index);
      }),
      { numRuns: 300 },
    );
  });

  it('reads image_url parts as placeholders and base64 data URLs as bytes', () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const sample = expectRecordRoundTrip(openai, {
      messages: [
        { role: 'system', content: 'Answer in one word.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this image?' },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            { type: 'image_url', image_url: { url: dataUrl(bytes) } },
          ],
        },
        { role: 'assistant', content: 'A cat.' },
      ],
    });
    expect(sample.turns[1]!.text).toBe('What is in this image?\n<image>\n<image>');
    expect(sample.images).toEqual([{ path: 'https://example.com/cat.jpg' }, { bytes }]);
    expect(dataUrl(bytes).startsWith('data:image/png;base64,')).toBe(true);
  });

  it('keeps "detail" and data URLs as they were spelled, without holding the bytes twice', () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 7]);
    const sample = expectRecordRoundTrip(openai, {
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: dataUrl(bytes), detail: 'low' } }] }],
    });
    expect(JSON.stringify(sample.turns[0]!.meta)).not.toContain(bytesToBase64(bytes));
    // Another image in its place: the part keeps its detail and takes the new URL.
    const replaced = { ...sample, images: [{ path: 'b.jpg' }] };
    expect(openai.toRecord(replaced).messages[0]!.content).toEqual([{ type: 'image_url', image_url: { url: 'b.jpg', detail: 'low' } }]);
  });

  it('keeps a string that holds "<image>" as a string', () => {
    const sample = expectRecordRoundTrip(openai, { messages: [{ role: 'user', content: 'What does <image> mean in LLaVA data?' }] });
    expect(sample.images).toEqual([]);
  });
});

describe('samples through OpenAI', () => {
  // With extras the domain is: images are a path that is not a data URL, or bytes (not both, no COCO id
  // or size); as many images as placeholders; texts that parts spell exactly (one newline between an
  // image and the text next to it).
  it('gives back the same sample with extras', () => {
    fc.assert(
      fc.property(openAiSampleArbitrary({ withSourceAndMeta: true }), (sample) => {
        const { sample: readBack, losses } = writeAndRead(openaiWithExtras, sample);
        expect(losses).toEqual([]);
        expectSameSample(readBack, sample);
      }),
      { numRuns: 300 },
    );
  });

  // The upload format has no id, source or meta: the id read back is the record's index, noted as absent.
  it('gives back the same sample in the upload format, the id aside', () => {
    fc.assert(
      fc.property(openAiSampleArbitrary({ withSourceAndMeta: false }), fc.nat(1000), (generated, index) => {
        const sample = { ...generated, id: String(index), meta: { 'vift:openai': { id: 'absent' } } };
        const { sample: readBack, losses } = writeAndRead(openai, sample, index);
        expect(losses).toEqual([]);
        expectSameSample(readBack, sample);
      }),
      { numRuns: 200 },
    );
  });

  it('reports what the upload format leaves out', () => {
    const losses: string[] = [];
    const record = openai.toRecord(
      {
        id: 'a',
        images: [{ path: 'a.jpg' }, { path: 'b.jpg' }],
        turns: [{ role: 'user', text: '<image>\nhi', source: { dataset: 'd' }, meta: { name: 'x', note: 1 } }],
        source: { dataset: 'd' },
        meta: { tools: [], note: 1 },
      },
      (field) => losses.push(field),
    );
    expect(losses.sort()).toEqual(['id', 'images (more images than "<image>" placeholders)', 'meta', 'source', 'turns[].meta', 'turns[].source'].sort());
    expect(record).toEqual({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'a.jpg' } }, { type: 'text', text: 'hi' }], name: 'x' }], tools: [] });
  });
});

describe('OpenAI record issues', () => {
  const read = (record: unknown) => openai.fromRecord(record, { index: 4 });

  it.each([null, [], 'text', 2])('reports a record that is not an object (%j)', (record) => {
    expect(read(record).issues).toMatchObject([{ code: 'invalid-structure', path: 'record', index: 4 }]);
  });

  it('reports missing messages', () => {
    expect(read({ id: 'a' }).issues).toMatchObject([{ code: 'invalid-structure', path: 'messages', sampleId: 'a' }]);
    expect(read({ messages: {} }).issues).toMatchObject([{ code: 'invalid-structure', path: 'messages' }]);
  });

  it('names the turn of a bad message or part, bad base64 included', () => {
    const result = read({
      id: 'q',
      messages: [
        { role: 'developer', content: 'hi' },
        { role: 'user', content: [{ type: 'image', url: 'a.jpg' }] },
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,@@@' } }] },
        { role: 'assistant', content: 3 },
        { role: 1, content: 'x' },
      ],
    });
    expect(result.sample).toBeUndefined();
    expect(result.issues.map(({ code, path, turnIndex, sampleId }) => ({ code, path, turnIndex, sampleId }))).toEqual([
      { code: 'unknown-role', path: 'messages[0].role', turnIndex: 0, sampleId: 'q' },
      { code: 'invalid-structure', path: 'messages[1].content[0]', turnIndex: 1, sampleId: 'q' },
      { code: 'invalid-structure', path: 'messages[2].content[0].image_url.url', turnIndex: 2, sampleId: 'q' },
      { code: 'invalid-structure', path: 'messages[3].content', turnIndex: 3, sampleId: 'q' },
      { code: 'invalid-structure', path: 'messages[4].role', turnIndex: 4, sampleId: 'q' },
    ]);
  });

  it('gives issues naming path and turn, not exceptions, when any member of a record is replaced', () => {
    fc.assert(
      fc.property(openAiRecordArbitrary({ upload: false }), fc.nat(), jsonValueArbitrary, (record, choice, replacement) => {
        expectSampleOrIssues(openaiWithExtras, replaceMember(record, choice, replacement), 'messages');
      }),
      { numRuns: 300 },
    );
  });

  it('gives issues, not exceptions, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = openai.fromRecord(value, { index: 0 });
        expect(result.sample !== undefined || result.issues.length > 0).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
