import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createShareGptFormat, type ShareGptSpelling } from '../src/index.js';
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

const spellings = {
  conversations: { messagesKey: 'conversations', roleKey: 'from', contentKey: 'value', tags: ['human', 'gpt', 'system'] },
  messages: { messagesKey: 'messages', roleKey: 'role', contentKey: 'content', tags: ['user', 'assistant', 'system'] },
} as const;

function recordArbitrary(spellingName: ShareGptSpelling) {
  const spelling = spellings[spellingName];
  const turn = fc
    .record({
      tag: fc.constantFrom(...spelling.tags),
      text: textArbitrary,
      source: optionalEntry('source', sourceValueArbitrary),
      extras: extrasArbitrary([spelling.roleKey, spelling.contentKey, 'source']),
    })
    .chain(({ tag, text, source, extras }) => arrange([[spelling.roleKey, tag], [spelling.contentKey, text], source], extras));
  return fc
    .record({
      id: optionalEntry('id', recordIdArbitrary),
      messages: fc.array(turn, { maxLength: 6 }).map((turns): Entry => [spelling.messagesKey, turns]),
      system: optionalEntry('system', textArbitrary),
      images: optionalEntry('images', fc.oneof(imagePathArbitrary, fc.array(imagePathArbitrary, { maxLength: 3 }))),
      source: optionalEntry('source', sourceValueArbitrary),
      extras: extrasArbitrary(['id', spelling.messagesKey, 'system', 'images', 'source']),
    })
    .chain(({ id, messages, system, images, source, extras }) => arrange([id, messages, system, images, source], extras));
}

describe.each(['conversations', 'messages'] as const)('LLaMA-Factory ShareGPT, %s spelling', (spellingName) => {
  const format = createShareGptFormat({ spelling: spellingName });
  const spelling = spellings[spellingName];

  it('reads and writes back every record as the same JSON value', () => {
    fc.assert(
      fc.property(recordArbitrary(spellingName), fc.nat(100_000), (record, index) => {
        expectRecordRoundTrip(format, record, index);
      }),
      { numRuns: 300 },
    );
  });

  // The domain: images are paths. In the conversations spelling a leading system turn is written as the
  // `system` column, which has no room for the turn's source or meta, and a second system turn right after
  // it (which vift/v1 does not allow) would be read as the system message that overrides the column.
  it('gives back the same sample', () => {
    const samples = sampleArbitrary().filter((sample) => {
      const [first, second] = sample.turns;
      if (spellingName === 'messages' || first?.role !== 'system') return true;
      return first.source === undefined && first.meta === undefined && second?.role !== 'system';
    });
    fc.assert(
      fc.property(samples, (sample) => {
        const { sample: readBack, losses } = writeAndRead(format, sample);
        expect(losses).toEqual([]);
        expectSameSample(readBack, sample);
      }),
      { numRuns: 300 },
    );
  });

  it('takes the system prompt from the column or from a leading system message', () => {
    const fromColumn = expectRecordRoundTrip(format, {
      [spelling.messagesKey]: [
        { [spelling.roleKey]: spelling.tags[0], [spelling.contentKey]: '<image>Who are they?' },
        { [spelling.roleKey]: spelling.tags[1], [spelling.contentKey]: 'They are Kane and Gretzka.' },
      ],
      system: 'You are a football expert.',
      images: ['mllm_demo_data/1.jpg'],
    });
    expect(fromColumn.turns.map((turn) => turn.role)).toEqual(['system', 'user', 'assistant']);
    expect(fromColumn.turns[0]!.text).toBe('You are a football expert.');
    expect(fromColumn.images).toEqual([{ path: 'mllm_demo_data/1.jpg' }]);

    // A system message wins; the column then stays as it was, an extra.
    const both = expectRecordRoundTrip(format, {
      [spelling.messagesKey]: [
        { [spelling.roleKey]: 'system', [spelling.contentKey]: 'message prompt' },
        { [spelling.roleKey]: spelling.tags[0], [spelling.contentKey]: 'hi' },
      ],
      system: 'column prompt',
    });
    expect(both.turns[0]).toStrictEqual({ role: 'system', text: 'message prompt' });
    expect(both.meta?.system).toBe('column prompt');
  });

  it(`writes a leading system turn where LLaMA-Factory's ${spellingName} spelling puts it`, () => {
    const record = format.toRecord({
      id: 'a',
      images: [],
      turns: [
        { role: 'system', text: 'Be brief.' },
        { role: 'user', text: 'hi' },
        { role: 'assistant', text: 'hello' },
      ],
    }) as Record<string, unknown>;
    const messages = record[spelling.messagesKey] as unknown[];
    if (spellingName === 'conversations') {
      expect(record.system).toBe('Be brief.');
      expect(messages).toHaveLength(2);
    } else {
      expect(record.system).toBeUndefined();
      expect(messages[0]).toStrictEqual({ role: 'system', content: 'Be brief.' });
    }
  });

  it('reports the source and meta of a system turn that becomes the system column', () => {
    const losses: string[] = [];
    format.toRecord(
      { id: 'a', images: [], turns: [{ role: 'system', text: 'Be brief.', source: { dataset: 'd' }, meta: { note: 1 } }] },
      (field) => losses.push(field),
    );
    if (spellingName === 'conversations') expect(losses).toEqual(['turns[0].source', 'turns[0].meta']);
    else expect(losses).toEqual([]);
  });

  describe('issues', () => {
    const read = (record: unknown) => format.fromRecord(record, { index: 5 });

    it.each([null, ['a'], 'text', 1])('reports a record that is not an object (%j)', (record) => {
      expect(read(record).issues).toMatchObject([{ code: 'invalid-structure', path: 'record', index: 5, sampleId: null }]);
    });

    it('reports a missing messages list and points to the other spelling', () => {
      const otherKey = spellingName === 'conversations' ? 'messages' : 'conversations';
      const otherFormat = spellingName === 'conversations' ? 'sharegpt-messages' : 'sharegpt';
      const result = read({ id: 'a', [otherKey]: [] });
      expect(result.sample).toBeUndefined();
      expect(result.issues).toMatchObject([{ code: 'invalid-structure', path: spelling.messagesKey, sampleId: 'a' }]);
      expect(result.issues[0]!.message).toContain(otherFormat);
      expect(read({ [spelling.messagesKey]: 'hi' }).issues).toMatchObject([{ code: 'invalid-structure', path: spelling.messagesKey }]);
    });

    it('reports a system column, images and id of the wrong type', () => {
      const base = { [spelling.messagesKey]: [] };
      expect(read({ ...base, system: 3 }).issues).toMatchObject([{ code: 'invalid-structure', path: 'system' }]);
      expect(read({ ...base, images: { path: 'a.jpg' } }).issues).toMatchObject([{ code: 'invalid-structure', path: 'images' }]);
      expect(read({ ...base, images: ['a.jpg', 2] }).issues).toMatchObject([{ code: 'invalid-structure', path: 'images[1]' }]);
      expect(read({ ...base, id: [] }).issues).toMatchObject([{ code: 'invalid-structure', path: 'id' }]);
    });

    it('names the turn of a bad turn, and takes roles only in its own spelling', () => {
      const otherUserTag = spellingName === 'conversations' ? 'user' : 'human';
      const key = spelling.messagesKey;
      const result = read({
        id: 'x',
        [key]: [
          { [spelling.roleKey]: spelling.tags[0], [spelling.contentKey]: 'ok' },
          { [spelling.roleKey]: otherUserTag, [spelling.contentKey]: 'hi' },
          7,
          { [spelling.roleKey]: null, [spelling.contentKey]: 'hi' },
          { [spelling.roleKey]: spelling.tags[1], [spelling.contentKey]: ['a'] },
        ],
      });
      expect(result.sample).toBeUndefined();
      expect(result.issues.map(({ code, path, turnIndex, sampleId }) => ({ code, path, turnIndex, sampleId }))).toEqual([
        { code: 'unknown-role', path: `${key}[1].${spelling.roleKey}`, turnIndex: 1, sampleId: 'x' },
        { code: 'invalid-structure', path: `${key}[2]`, turnIndex: 2, sampleId: 'x' },
        { code: 'invalid-structure', path: `${key}[3].${spelling.roleKey}`, turnIndex: 3, sampleId: 'x' },
        { code: 'invalid-structure', path: `${key}[4].${spelling.contentKey}`, turnIndex: 4, sampleId: 'x' },
      ]);
    });

    it('gives issues naming path and turn, not exceptions, when any member of a record is replaced', () => {
      fc.assert(
        fc.property(recordArbitrary(spellingName), fc.nat(), jsonValueArbitrary, (record, choice, replacement) => {
          expectSampleOrIssues(format, replaceMember(record, choice, replacement), spelling.messagesKey);
        }),
        { numRuns: 300 },
      );
    });

    it('gives issues, not exceptions, for any JSON value', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const result = format.fromRecord(value, { index: 0 });
          expect(result.sample !== undefined || result.issues.length > 0).toBe(true);
        }),
        { numRuns: 100 },
      );
    });
  });
});

describe('sharegpt system column exported as null', () => {
  it('reads a null system prompt as no system turn and writes it back unchanged', () => {
    const format = createShareGptFormat({ spelling: 'conversations' });
    const record = { conversations: [{ from: 'human', value: 'Hi' }, { from: 'gpt', value: 'Hello' }], system: null, images: [] };
    const read = format.fromRecord(record, { index: 0 });
    expect(read.issues).toEqual([]);
    expect(read.sample?.turns.map((turn) => turn.role)).toEqual(['user', 'assistant']);
    expect(JSON.stringify(format.toRecord(read.sample!))).toBe(JSON.stringify(record));
  });
});
