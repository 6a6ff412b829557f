import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  extrasArbitrary,
  formatFieldNames,
  nonEmptyImagePathArbitrary,
  normaliseJson,
  optionalEntry,
  plainTextArbitrary,
  provenanceArbitrary,
  type Entry,
} from './arbitraries.js';
import { throughFormat, throughFormats } from './round-trip.js';

const nonEmptyPlainText = plainTextArbitrary.filter((text) => text !== '');

/**
 * Canonical LLaVA records: a string id, one image path, human and gpt turns in turn, "<image>\n" at the
 * start or "\n<image>" at the end of the first human turn, and extra keys that no format uses as a field.
 */
const canonicalLlavaRecordArbitrary = fc
  .record({
    id: fc.string({ maxLength: 8 }),
    image: nonEmptyImagePathArbitrary,
    question: nonEmptyPlainText,
    imageFirst: fc.boolean(),
    texts: fc.array(plainTextArbitrary, { minLength: 1, maxLength: 7 }),
    turnExtras: fc.array(extrasArbitrary(formatFieldNames, { maxLength: 2 }), { minLength: 8, maxLength: 8 }),
    turnSources: fc.array(fc.option(provenanceArbitrary, { nil: undefined, freq: 4 }), { minLength: 8, maxLength: 8 }),
    source: optionalEntry('source', provenanceArbitrary),
    extras: extrasArbitrary(formatFieldNames),
  })
  .chain(({ id, image, question, imageFirst, texts, turnExtras, turnSources, source, extras }) => {
    const values = [imageFirst ? `<image>\n${question}` : `${question}\n<image>`, ...texts];
    const turns = values.map((value, turnIndex) => {
      const fields: Array<Entry | undefined> = [['from', turnIndex % 2 === 0 ? 'human' : 'gpt'], ['value', value]];
      const turnSource = turnSources[turnIndex];
      if (turnSource !== undefined) fields.push(['source', turnSource]);
      return Object.fromEntries([...(fields as Entry[]), ...turnExtras[turnIndex]!]);
    });
    const fields: Entry[] = [['id', id], ['image', image], ['conversations', turns]];
    if (source !== undefined) fields.push(source);
    return fc.constant(normaliseJson(Object.fromEntries([...fields, ...extras])));
  });

describe('LLaVA records through every format', () => {
  it.each(throughFormats)('come back from %s as the same JSON value', (_id, format) => {
    fc.assert(
      fc.property(canonicalLlavaRecordArbitrary, fc.nat(1000), (record, index) => {
        expect(JSON.stringify(throughFormat(record, format, index))).toBe(JSON.stringify(record));
      }),
      { numRuns: 250 },
    );
  });
});
