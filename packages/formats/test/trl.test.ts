import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTrlFormat } from '../src/index.js';
import {
  arrange,
  extrasArbitrary,
  imagePathArbitrary,
  jsonValueArbitrary,
  optionalEntry,
  partedTextArbitrary,
  recordIdArbitrary,
  sampleArbitrary,
  sourceValueArbitrary,
  textArbitrary,
  type Entry,
} from './arbitraries.js';
import { expectRecordRoundTrip, expectSameSample, expectSampleOrIssues, replaceMember, writeAndRead } from './round-trip.js';

const trl = createTrlFormat();

const partArbitrary = fc.oneof(
  fc.constant({ type: 'image' }),
  textArbitrary.map((text) => ({ type: 'text', text })),
  // As Hugging Face datasets write them to JSON: every field of every part, null where unused.
  fc.constant({ type: 'image', text: null, index: 0 }),
  textArbitrary.map((text) => ({ type: 'text', text, index: null })),
  textArbitrary.map((text) => ({ text, type: 'text' })),
);

const messageArbitrary = fc
  .record({
    role: fc.constantFrom('system', 'user', 'assistant'),
    content: fc.oneof(textArbitrary, fc.array(partArbitrary, { maxLength: 4 })),
    source: optionalEntry('source', sourceValueArbitrary),
    extras: extrasArbitrary(['role', 'content', 'source']),
  })
  .chain(({ role, content, source, extras }) => arrange([['role', role], ['content', content], source], extras));

const imageListArbitrary = fc.array(
  fc.oneof(
    imagePathArbitrary,
    imagePathArbitrary.map((path) => ({ bytes: null, path })),
    imagePathArbitrary.map((path) => ({ path })),
  ),
  { maxLength: 3 },
);

const trlRecordArbitrary = fc
  .record({
    id: optionalEntry('id', recordIdArbitrary),
    messages: fc.array(messageArbitrary, { maxLength: 5 }).map((messages): Entry => ['messages', messages]),
    images: optionalEntry('images', imageListArbitrary),
    source: optionalEntry('source', sourceValueArbitrary),
    extras: extrasArbitrary(['id', 'messages', 'images', 'source']),
  })
  .chain(({ id, messages, images, source, extras }) => arrange([id, messages, images, source], extras));

describe('TRL records', () => {
  it('reads and writes back every record as the same JSON value', () => {
    fc.assert(
      fc.property(trlRecordArbitrary, fc.nat(100_000), (record, index) => {
        expectRecordRoundTrip(trl, record, index);
      }),
      { numRuns: 400 },
    );
  });

  it('reads content parts as one text with a newline between an image and the text next to it', () => {
    const sample = expectRecordRoundTrip(trl, {
      messages: [
        { role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'What is shown?' }, { type: 'image' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Two cats.' }] },
      ],
      images: ['a.jpg', 'b.jpg'],
    });
    expect(sample.turns.map((turn) => turn.text)).toEqual(['<image>\nWhat is shown?\n<image>', 'Two cats.']);
    expect(sample.images).toEqual([{ path: 'a.jpg' }, { path: 'b.jpg' }]);
    // Parts as the writer makes them need no note.
    expect(sample.turns[0]!.meta).toBeUndefined();
  });

  it('keeps the records Hugging Face datasets export: null-filled parts and image objects', () => {
    const sample = expectRecordRoundTrip(trl, {
      messages: [
        { content: [{ index: 0, text: null, type: 'image' }, { index: null, text: 'Describe it.', type: 'text' }], role: 'user' },
        { content: [{ index: null, text: 'A dog.', type: 'text' }], role: 'assistant' },
      ],
      images: [{ bytes: null, path: 'dog.jpg' }],
    });
    expect(sample.turns[0]!.text).toBe('<image>\nDescribe it.');
    expect(sample.images).toEqual([{ path: 'dog.jpg' }]);
  });

  it('writes string content back as a string, and noted parts only while they still spell the text', () => {
    const stringContent = expectRecordRoundTrip(trl, { messages: [{ role: 'user', content: 'hi' }] });
    const edited = { ...stringContent, turns: [{ ...stringContent.turns[0]!, text: '<image>\nhi' }], images: [{ path: 'a.jpg' }] };
    // An image added to a turn read from a string goes into parts: TRL sees images only there.
    expect(trl.toRecord(edited).messages[0]!.content).toEqual([{ type: 'image' }, { type: 'text', text: 'hi' }]);

    const adjacent = expectRecordRoundTrip(trl, { messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }] });
    expect(adjacent.turns[0]!.text).toBe('ab');
    const changed = { ...adjacent, turns: [{ ...adjacent.turns[0]!, text: 'abc' }] };
    expect(trl.toRecord(changed).messages[0]!.content).toEqual([{ type: 'text', text: 'abc' }]);
  });
});

describe('samples through TRL', () => {
  // The domain: images are paths, and every turn text is one that content parts spell exactly, that is one
  // newline between an image and the text next to it (see content-pieces.ts).
  it('gives back the same sample', () => {
    fc.assert(
      fc.property(sampleArbitrary({ text: partedTextArbitrary }), (sample) => {
        const { sample: readBack, losses } = writeAndRead(trl, sample);
        expect(losses).toEqual([]);
        expectSameSample(readBack, sample);
      }),
      { numRuns: 300 },
    );
  });
});

describe('TRL record issues', () => {
  const read = (record: unknown) => trl.fromRecord(record, { index: 2, byteOffset: 9 });

  it.each([null, [], 'text', 0])('reports a record that is not an object (%j)', (record) => {
    expect(read(record).issues).toMatchObject([{ code: 'invalid-structure', path: 'record', index: 2, byteOffset: 9 }]);
  });

  it('reports missing messages and images of the wrong type', () => {
    expect(read({ id: 'a' }).issues).toMatchObject([{ code: 'invalid-structure', path: 'messages', sampleId: 'a' }]);
    expect(read({ messages: [], images: 'a.jpg' }).issues).toMatchObject([{ code: 'invalid-structure', path: 'images' }]);
    expect(read({ messages: [], images: ['a.jpg', { bytes: 'x' }] }).issues).toMatchObject([{ code: 'invalid-structure', path: 'images[1]' }]);
  });

  it('names the turn of a bad message or part', () => {
    const result = read({
      id: 7,
      messages: [
        { role: 'user', content: [{ type: 'image' }, { type: 'image_url', image_url: { url: 'a.jpg' } }] },
        { role: 'model', content: 'hi' },
        { role: 'assistant', content: { text: 'hi' } },
        'hello',
        { content: 'hi' },
      ],
    });
    expect(result.sample).toBeUndefined();
    expect(result.issues.map(({ code, path, turnIndex, sampleId }) => ({ code, path, turnIndex, sampleId }))).toEqual([
      { code: 'invalid-structure', path: 'messages[0].content[1]', turnIndex: 0, sampleId: '7' },
      { code: 'unknown-role', path: 'messages[1].role', turnIndex: 1, sampleId: '7' },
      { code: 'invalid-structure', path: 'messages[2].content', turnIndex: 2, sampleId: '7' },
      { code: 'invalid-structure', path: 'messages[3]', turnIndex: 3, sampleId: '7' },
      { code: 'invalid-structure', path: 'messages[4].role', turnIndex: 4, sampleId: '7' },
    ]);
  });

  it('gives issues naming path and turn, not exceptions, when any member of a record is replaced', () => {
    fc.assert(
      fc.property(trlRecordArbitrary, fc.nat(), jsonValueArbitrary, (record, choice, replacement) => {
        expectSampleOrIssues(trl, replaceMember(record, choice, replacement), 'messages');
      }),
      { numRuns: 300 },
    );
  });

  it('gives issues, not exceptions, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = trl.fromRecord(value, { index: 0 });
        expect(result.sample !== undefined || result.issues.length > 0).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
