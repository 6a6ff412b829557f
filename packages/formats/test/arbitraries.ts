import fc from 'fast-check';
import type { ImageRef, JsonObject, JsonValue, Provenance, Sample, Turn } from '@vift/schema';
import { joinPieces, type ContentPiece } from '../src/content-pieces.js';

// Shared generators for the property tests: realistic records with the awkward parts real data has
// (lone surrogates, emoji, "__proto__" keys, numeric ids, nested extras, odd key orders).

export type Entry = [string, unknown];

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

const textFragment = fc.constantFrom(
  '<image>',
  '\n',
  '<image>\n',
  '\n<image>',
  '<imag',
  'e>',
  '🦙',
  '👩‍👩‍👧',
  '\ud800',
  '\udfff',
  '__proto__',
  ' ',
  '',
  'What is in the image?',
  '"quoted"',
  '\\',
  '\u2028',
  'e\u0301',
  '\r\n',
);

/** Turn text, placeholders and newlines included. */
export const textArbitrary = fc
  .array(fc.oneof({ weight: 2, arbitrary: textFragment }, { weight: 1, arbitrary: fc.string({ unit: codeUnit, maxLength: 6 }) }), {
    maxLength: 6,
  })
  .map((pieces) => pieces.join(''));

/** Text without the "<image>" placeholder anywhere in it. */
export const plainTextArbitrary = textArbitrary.filter((text) => !text.includes('<image>'));

const oddKeyFragment = fc.constantFrom(
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  ' ',
  '0',
  '1',
  '42',
  '-1',
  '01',
  '1.5',
  '4294967295',
  '🦙',
  '\ud800',
  'a.b',
  '[0]',
  'vift',
  'vift:other',
  'score',
  'category',
);

/** Fidelity note keys are reserved in meta (see the format modules); records cannot use them as extras. */
const reservedMetaKeys = new Set(['vift:llava', 'vift:sharegpt', 'vift:trl', 'vift:openai']);

export const oddKeyArbitrary = fc
  .oneof({ weight: 3, arbitrary: oddKeyFragment }, { weight: 1, arbitrary: fc.string({ unit: codeUnit, maxLength: 4 }) })
  .filter((key) => !reservedMetaKeys.has(key));

/** JSON values as JSON.parse gives them, objects built so that "__proto__" is an own key. */
export const jsonValueArbitrary: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: codeUnit, maxLength: 5 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc
      .uniqueArray(fc.tuple(oddKeyArbitrary, tie('value')), { selector: (entry) => entry[0], maxLength: 3 })
      .map((entries) => Object.fromEntries(entries) as JsonObject),
  ),
})).value.map(normaliseJson);

/** What a value becomes after a trip through a JSON file (-0 becomes 0, and so on). */
export function normaliseJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Extra keys for a record or turn, none of them equal to `fields`. */
export function extrasArbitrary(fields: readonly string[], options: { maxLength?: number } = {}): fc.Arbitrary<Entry[]> {
  return fc
    .uniqueArray(fc.tuple(oddKeyArbitrary, jsonValueArbitrary), { selector: (entry) => entry[0], maxLength: options.maxLength ?? 3 })
    .map((entries) => entries.filter(([key]) => !fields.includes(key)));
}

/** An object of the fields (in the format's order) and the extras after them, or all of them shuffled. */
export function arrange(fields: Array<Entry | undefined>, extras: Entry[]): fc.Arbitrary<Record<string, unknown>> {
  const canonical = [...fields.filter((entry): entry is Entry => entry !== undefined), ...extras];
  return fc
    .oneof(
      { weight: 2, arbitrary: fc.constant(canonical) },
      { weight: 1, arbitrary: fc.shuffledSubarray(canonical, { minLength: canonical.length, maxLength: canonical.length }) },
    )
    .map((entries) => Object.fromEntries(entries));
}

export function optionalEntry(key: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<Entry | undefined> {
  return fc.option(value.map((item): Entry => [key, item]), { nil: undefined });
}

/** A provenance in the order vift writes it. */
export const provenanceArbitrary: fc.Arbitrary<Provenance> = fc
  .record(
    {
      dataset: fc.string({ unit: codeUnit, minLength: 1, maxLength: 6 }),
      task: fc.string({ unit: codeUnit, maxLength: 6 }),
      template: fc.string({ unit: codeUnit, maxLength: 6 }),
      annotationId: fc.string({ unit: codeUnit, maxLength: 6 }),
    },
    { requiredKeys: ['dataset'] },
  )
  .map((provenance) => Object.fromEntries(['dataset', 'task', 'template', 'annotationId'].flatMap((key) => (key in provenance ? [[key, provenance[key as keyof Provenance]]] : []))) as Provenance);

/** A "source" value in a record: a provenance, one in another key order, or anything else (an extra). */
export const sourceValueArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  provenanceArbitrary,
  provenanceArbitrary.chain((provenance) => {
    const entries = Object.entries(provenance);
    return fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }).map((shuffled) => Object.fromEntries(shuffled));
  }),
  fc.constant({ dataset: '' }),
  fc.constant({ dataset: 'coco', extra: 1 }),
  jsonValueArbitrary,
);

/** An id as records spell it: a string, an integer, a fractional number, a numeric-looking string. */
export const recordIdArbitrary: fc.Arbitrary<string | number> = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 8 }),
  fc.constantFrom('000000525439', '007', '1e3', '-0', ''),
  fc.integer(),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(normaliseJson),
);

export const imagePathArbitrary = fc.oneof(
  fc.constantFrom('COCO_val2014_000000525439.jpg', 'coco/train2017/000000033471.jpg', 'mllm_demo_data/1.jpg', 'images/🦙 photo.png', 'https://example.com/a.jpg'),
  fc.string({ unit: codeUnit, maxLength: 8 }),
);

/** A path no reader takes for inline bytes (OpenAI reads "data:...;base64," URLs as bytes). */
export const nonEmptyImagePathArbitrary = imagePathArbitrary.filter((path) => path !== '' && !path.startsWith('data:'));

// Samples ------------------------------------------------------------------------------------------------

const integerLikeKey = /^(0|[1-9][0-9]*)$/;

/**
 * Field names of every format, at record and at turn level. A meta key with one of these names would be
 * written as that field (or dropped as a loss), so samples meant to round-trip leave them out.
 */
export const formatFieldNames: readonly string[] = [
  'id',
  'image',
  'images',
  'conversations',
  'messages',
  'system',
  'source',
  'from',
  'value',
  'role',
  'content',
  'tools',
  'parallel_tool_calls',
  'functions',
  'name',
  'weight',
];

/**
 * Meta that a format writes back as extra keys: no format field names, and no integer-like keys, which
 * JavaScript objects always put first (so a writer cannot put them after its own fields).
 */
export const metaArbitrary: fc.Arbitrary<JsonObject> = extrasArbitrary(formatFieldNames)
  .map((entries) => entries.filter(([key]) => !integerLikeKey.test(key)))
  .map((entries) => Object.fromEntries(entries) as JsonObject);

function withOptional<T extends object>(value: T, key: string, option: unknown): T {
  return option === undefined ? value : { ...value, [key]: option };
}

export function turnArbitrary(options: { text: fc.Arbitrary<string>; roles?: readonly Turn['role'][]; withSourceAndMeta?: boolean }): fc.Arbitrary<Turn> {
  const withExtras = options.withSourceAndMeta ?? true;
  return fc
    .record({
      role: fc.constantFrom(...(options.roles ?? ['system', 'user', 'assistant'])),
      text: options.text,
      source: withExtras ? fc.option(provenanceArbitrary, { nil: undefined }) : fc.constant(undefined),
      meta: withExtras ? fc.option(metaArbitrary.filter((meta) => Object.keys(meta).length > 0), { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ role, text, source, meta }) => withOptional(withOptional({ role, text }, 'source', source), 'meta', meta) as Turn);
}

export type SampleOptions = {
  text?: fc.Arbitrary<string>;
  image?: fc.Arbitrary<ImageRef>;
  maxImages?: number;
  withSourceAndMeta?: boolean;
};

/** Samples as generators build them; `options` narrows them to what one format can express. */
export function sampleArbitrary(options: SampleOptions = {}): fc.Arbitrary<Sample> {
  const withExtras = options.withSourceAndMeta ?? true;
  return fc
    .record({
      id: fc.string({ unit: codeUnit, minLength: 1, maxLength: 8 }),
      images: fc.array(options.image ?? nonEmptyImagePathArbitrary.map((path): ImageRef => ({ path })), { maxLength: options.maxImages ?? 3 }),
      turns: fc.array(turnArbitrary({ text: options.text ?? textArbitrary, withSourceAndMeta: withExtras }), { maxLength: 5 }),
      source: withExtras ? fc.option(provenanceArbitrary, { nil: undefined }) : fc.constant(undefined),
      meta: withExtras ? fc.option(metaArbitrary.filter((meta) => Object.keys(meta).length > 0), { nil: undefined }) : fc.constant(undefined),
    })
    .map(({ id, images, turns, source, meta }) => withOptional(withOptional({ id, images, turns }, 'source', source), 'meta', meta) as Sample);
}

// Content parts --------------------------------------------------------------------------------------------

/**
 * Pieces on which `splitPieces(joinPieces(pieces))` gives them back: text pieces are not empty, hold no
 * "<image>" and never follow another text piece (two texts in a row join into one).
 */
export const piecesArbitrary: fc.Arbitrary<ContentPiece[]> = fc
  .array(fc.oneof(fc.constant<ContentPiece>({ kind: 'image' }), plainTextArbitrary.filter((text) => text !== '').map((text): ContentPiece => ({ kind: 'text', text }))), {
    maxLength: 6,
  })
  .map((pieces) => pieces.filter((piece, position) => piece.kind === 'image' || pieces[position - 1]?.kind !== 'text'));

/** Turn text that content parts spell exactly: the joins of `piecesArbitrary`. */
export const partedTextArbitrary: fc.Arbitrary<string> = piecesArbitrary.map(joinPieces);
