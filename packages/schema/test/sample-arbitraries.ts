import fc from 'fast-check';
import type { ImageRef, Provenance, Sample, Turn } from '../src/index.js';

// Generators of vift/v1 samples that pass every rule, for the tests to break one rule at a time.

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Text with something visible in it and no "<image>". */
export const visibleTextArbitrary = fc
  .tuple(fc.string({ unit: codeUnit, maxLength: 8 }), fc.constantFrom('a', 'What is this?', '🦙', '\ud800', '42'), fc.string({ unit: codeUnit, maxLength: 8 }))
  .map((parts) => parts.join(''))
  .filter((text) => !text.includes('<image>'));

export const provenanceArbitrary: fc.Arbitrary<Provenance> = fc.record(
  { dataset: fc.constantFrom('vqav2', 'coco-caption', 'llava-instruct-150k'), task: fc.string(), template: fc.string(), annotationId: fc.string() },
  { requiredKeys: ['dataset'] },
);

export const imageArbitrary: fc.Arbitrary<ImageRef> = fc.oneof(
  fc.record({ path: fc.string({ minLength: 1, maxLength: 12 }) }),
  fc.record({ bytes: fc.uint8Array({ maxLength: 16 }) }),
  fc.record(
    {
      path: fc.string({ minLength: 1, maxLength: 12 }),
      bytes: fc.uint8Array({ maxLength: 16 }),
      cocoId: fc.nat(),
      width: fc.integer({ min: 1, max: 10_000 }),
      height: fc.integer({ min: 1, max: 10_000 }),
    },
    { requiredKeys: ['path'] },
  ),
);

/** A valid dialog: an optional system turn, then user and assistant in turn; placeholders in user turns only. */
export const validSampleArbitrary: fc.Arbitrary<Sample> = fc
  .record({
    id: fc.string({ minLength: 1, maxLength: 10 }),
    system: fc.option(visibleTextArbitrary, { nil: undefined }),
    rounds: fc.array(fc.record({ question: visibleTextArbitrary, placeholders: fc.nat({ max: 2 }), answer: visibleTextArbitrary, source: fc.option(provenanceArbitrary, { nil: undefined }) }), {
      minLength: 1,
      maxLength: 4,
    }),
    source: fc.option(provenanceArbitrary, { nil: undefined }),
    meta: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }),
  })
  .chain(({ id, system, rounds, source, meta }) => {
    const turns: Turn[] = system === undefined ? [] : [{ role: 'system', text: system }];
    for (const round of rounds) {
      turns.push({ role: 'user', text: `${'<image>\n'.repeat(round.placeholders)}${round.question}` });
      turns.push(round.source === undefined ? { role: 'assistant', text: round.answer } : { role: 'assistant', text: round.answer, source: round.source });
    }
    const imageCount = rounds.reduce((count, round) => count + round.placeholders, 0);
    return fc.array(imageArbitrary, { minLength: imageCount, maxLength: imageCount }).map((images) => {
      const sample: Sample = { id, images, turns };
      if (source !== undefined) sample.source = source;
      if (meta !== undefined) sample.meta = JSON.parse(JSON.stringify(meta)) as Sample['meta'];
      return sample;
    });
  });
