import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotRepresentableError, createLlavaFormat } from '../src/index.js';
import {
  arrange,
  extrasArbitrary,
  imagePathArbitrary,
  jsonValueArbitrary,
  optionalEntry,
  recordIdArbitrary,
  sampleArbitrary,
  sourceValueArbitrary,
  textArbitrary,
  type Entry,
} from './arbitraries.js';
import { expectRecordRoundTrip, expectSameSample, expectSampleOrIssues, replaceMember, writeAndRead } from './round-trip.js';

const llava = createLlavaFormat();

const llavaTurnArbitrary = fc
  .record({
    from: fc.constantFrom('human', 'gpt', 'system', 'user', 'assistant'),
    value: textArbitrary,
    source: optionalEntry('source', sourceValueArbitrary),
    extras: extrasArbitrary(['from', 'value', 'source']),
  })
  .chain(({ from, value, source, extras }) => arrange([['from', from], ['value', value], source], extras));

/** LLaVA records as the released files and their derivatives spell them, and some they could. */
const llavaRecordArbitrary = fc
  .record({
    id: optionalEntry('id', recordIdArbitrary),
    image: optionalEntry('image', fc.oneof(imagePathArbitrary, fc.constant(null), fc.array(imagePathArbitrary, { maxLength: 3 }))),
    conversations: fc.array(llavaTurnArbitrary, { maxLength: 6 }).map((turns): Entry => ['conversations', turns]),
    source: optionalEntry('source', sourceValueArbitrary),
    extras: extrasArbitrary(['id', 'image', 'conversations', 'source']),
  })
  .chain(({ id, image, conversations, source, extras }) => arrange([id, image, conversations, source], extras));

describe('LLaVA records', () => {
  it('reads and writes back every record as the same JSON value', () => {
    fc.assert(
      fc.property(llavaRecordArbitrary, fc.nat(100_000), (record, index) => {
        expectRecordRoundTrip(llava, record, index);
      }),
      { numRuns: 400 },
    );
  });

  it('maps the LLaVA spelling to a sample and notes only what differs from the usual spelling', () => {
    const record = {
      id: '000000033471',
      image: 'coco/train2017/000000033471.jpg',
      conversations: [
        { from: 'human', value: '<image>\nWhat are the colors of the bus in the image?' },
        { from: 'gpt', value: 'The bus in the image is white and red.' },
      ],
    };
    const sample = expectRecordRoundTrip(llava, record);
    expect(sample).toStrictEqual({
      id: '000000033471',
      images: [{ path: 'coco/train2017/000000033471.jpg' }],
      turns: [
        { role: 'user', text: '<image>\nWhat are the colors of the bus in the image?' },
        { role: 'assistant', text: 'The bus in the image is white and red.' },
      ],
    });
  });

  it('keeps numeric ids, missing ids, image lists, null images and role spellings through fidelity notes', () => {
    const numeric = expectRecordRoundTrip(llava, { id: 42, image: ['a.jpg'], conversations: [{ from: 'user', value: '<image>' }] });
    expect(numeric.id).toBe('42');
    expect(numeric.meta).toStrictEqual({ 'vift:llava': { id: 'number', image: 'list' } });
    expect(numeric.turns[0]!.meta).toStrictEqual({ 'vift:llava': { from: 'user' } });

    const absent = expectRecordRoundTrip(llava, { image: null, conversations: [] }, 7);
    expect(absent.id).toBe('7');
    expect(absent.images).toEqual([]);
    expect(absent.meta).toStrictEqual({ 'vift:llava': { id: 'absent', image: 'null' } });
  });

  it('reads a provenance "source" as a field and any other "source" as an extra', () => {
    const withProvenance = expectRecordRoundTrip(llava, { id: 'a', conversations: [], source: { dataset: 'vqav2', task: 'short-vqa' } });
    expect(withProvenance.source).toStrictEqual({ dataset: 'vqav2', task: 'short-vqa' });
    expect(withProvenance.meta).toBeUndefined();
    const withOther = expectRecordRoundTrip(llava, { id: 'a', conversations: [], source: 'gpt4' });
    expect(withOther.source).toBeUndefined();
    expect(withOther.meta).toStrictEqual({ source: 'gpt4' });
  });
});

describe('samples through LLaVA', () => {
  // LLaVA's domain: images are paths (no bytes, COCO id or size); meta keys are not LLaVA's own fields.
  it('gives back the same sample', () => {
    fc.assert(
      fc.property(sampleArbitrary(), (sample) => {
        const { sample: readBack, losses } = writeAndRead(llava, sample);
        expect(losses).toEqual([]);
        expectSameSample(readBack, sample);
      }),
      { numRuns: 300 },
    );
  });

  it('writes a provenance in any key order so that it reads back as the source', () => {
    const sample = { id: 'a', images: [], turns: [], source: { task: 'short-vqa', dataset: 'vqav2' } };
    const { sample: readBack } = writeAndRead(llava, sample);
    expect(readBack.source).toStrictEqual({ dataset: 'vqav2', task: 'short-vqa' });
    expect(readBack.meta).toBeUndefined();
  });

  it('throws NotRepresentableError for an image with bytes only', () => {
    const sample = { id: 'a', images: [{ bytes: new Uint8Array([1, 2]) }], turns: [] };
    expect(() => llava.toRecord(sample)).toThrow(NotRepresentableError);
    try {
      llava.toRecord(sample);
    } catch (error) {
      expect(NotRepresentableError.isInstance(error)).toBe(true);
      expect((error as NotRepresentableError).path).toBe('images[0]');
    }
  });

  it('reports what it leaves out', () => {
    const losses: string[] = [];
    llava.toRecord(
      {
        id: 'a',
        images: [{ path: 'a.jpg', cocoId: 1, width: 640, height: 480 }],
        turns: [{ role: 'user', text: '<image>', meta: { from: 'x' } }],
        meta: { conversations: 1 },
      },
      (field) => losses.push(field),
    );
    expect(losses.sort()).toEqual(
      ['images[].cocoId', 'images[].width', 'images[].height', 'meta.conversations (the format uses "conversations" itself)', 'turns[0].meta.from (the format uses "from" itself)'].sort(),
    );
  });
});

describe('LLaVA record issues', () => {
  const read = (record: unknown, index = 3) => llava.fromRecord(record, { index, byteOffset: 120 });

  it.each([null, [], 'text', 7, true])('reports a record that is not an object (%j)', (record) => {
    const result = read(record);
    expect(result.sample).toBeUndefined();
    expect(result.issues).toMatchObject([{ code: 'invalid-structure', path: 'record', sampleId: null, index: 3, byteOffset: 120 }]);
  });

  it('reports a missing or mistyped conversations list', () => {
    expect(read({ id: 'a' }).issues).toMatchObject([{ code: 'invalid-structure', path: 'conversations', sampleId: 'a' }]);
    expect(read({ id: 'a' }).issues[0]!.message).toContain('missing');
    expect(read({ id: 'a', conversations: {} }).issues).toMatchObject([{ code: 'invalid-structure', path: 'conversations' }]);
  });

  it('reports ids and images of the wrong type', () => {
    expect(read({ id: true, conversations: [] }).issues).toMatchObject([{ code: 'invalid-structure', path: 'id', sampleId: null }]);
    expect(read({ id: null, conversations: [] }).issues).toMatchObject([{ code: 'invalid-structure', path: 'id' }]);
    expect(read({ id: 'a', image: 3, conversations: [] }).issues).toMatchObject([{ code: 'invalid-structure', path: 'image' }]);
    expect(read({ id: 'a', image: ['a.jpg', null], conversations: [] }).issues).toMatchObject([{ code: 'invalid-structure', path: 'image[1]' }]);
  });

  it('names the turn of a bad turn', () => {
    const result = read({
      id: 'a',
      conversations: [{ from: 'human', value: 'hi' }, 'hello', { from: 'bot', value: 'x' }, { from: 3, value: 'x' }, { from: 'gpt', value: null }],
    });
    expect(result.sample).toBeUndefined();
    expect(result.issues.map(({ code, path, turnIndex, sampleId }) => ({ code, path, turnIndex, sampleId }))).toEqual([
      { code: 'invalid-structure', path: 'conversations[1]', turnIndex: 1, sampleId: 'a' },
      { code: 'unknown-role', path: 'conversations[2].from', turnIndex: 2, sampleId: 'a' },
      { code: 'invalid-structure', path: 'conversations[3].from', turnIndex: 3, sampleId: 'a' },
      { code: 'invalid-structure', path: 'conversations[4].value', turnIndex: 4, sampleId: 'a' },
    ]);
    for (const issue of result.issues) expect(issue.message.startsWith(`${issue.path}: `)).toBe(true);
  });

  it('gives issues naming path and turn, not exceptions, when any member of a record is replaced', () => {
    fc.assert(
      fc.property(llavaRecordArbitrary, fc.nat(), jsonValueArbitrary, (record, choice, replacement) => {
        expectSampleOrIssues(llava, replaceMember(record, choice, replacement), 'conversations');
      }),
      { numRuns: 300 },
    );
  });

  it('gives issues, not exceptions, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = llava.fromRecord(value, { index: 0 });
        expect(result.sample !== undefined || result.issues.length > 0).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
