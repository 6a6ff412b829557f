import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleJsonSchema, type Sample } from '../src/index.js';
import { validSampleArbitrary } from './sample-arbitraries.js';

type Schema = Record<string, unknown>;

/**
 * A checker for the part of JSON Schema 2020-12 that the sample schema uses; it throws on any keyword it
 * does not know, so the test notices when the schema starts to rely on more.
 */
function matches(schema: Schema, value: unknown, root: Schema): boolean {
  const known = new Set(['$schema', '$id', '$defs', 'title', 'description', 'contentEncoding', 'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'minLength', 'minimum', 'maximum', 'exclusiveMinimum', 'anyOf', '$ref', 'propertyNames']);
  for (const keyword of Object.keys(schema)) if (!known.has(keyword)) throw new Error(`unknown keyword ${keyword}`);
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.replace(/^#\//, '').split('/').reduce<unknown>((node, step) => (node as Schema)[step], root);
    if (!matches(target as Schema, value, root)) return false;
  }
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((option) => matches(option as Schema, value, root))) return false;
  if (schema.type !== undefined && !hasType(value, schema.type as string)) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  if (typeof value === 'string' && typeof schema.minLength === 'number' && [...value].length < schema.minLength) return false;
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) return false;
    if (typeof schema.maximum === 'number' && value > schema.maximum) return false;
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) return false;
  }
  if (Array.isArray(value) && schema.items !== undefined && !value.every((item) => matches(schema.items as Schema, item, root))) return false;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!Object.hasOwn(record, key)) return false;
    for (const [key, item] of Object.entries(record)) {
      if (schema.propertyNames !== undefined && !matches(schema.propertyNames as Schema, key, root)) return false;
      if (Object.hasOwn(properties, key)) {
        if (!matches(properties[key]!, item, root)) return false;
      } else if (schema.additionalProperties === false) {
        return false;
      } else if (typeof schema.additionalProperties === 'object' && !matches(schema.additionalProperties as Schema, item, root)) {
        return false;
      }
    }
  }
  return true;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 3) {
    const [a = 0, b = 0, c = 0] = bytes.subarray(start, start + 3);
    const triple = (a << 16) | (b << 8) | c;
    const length = Math.min(3, bytes.length - start);
    for (let position = 0; position < 4; position++) text += position <= length ? base64Alphabet[(triple >> (18 - 6 * position)) & 63] : '=';
  }
  return text;
}

/** A sample as JSON, image bytes as base64 strings. */
function toJson(sample: Sample): unknown {
  return JSON.parse(JSON.stringify(sample, (_key, value: unknown) => (value instanceof Uint8Array ? toBase64(value) : value)));
}

describe('sampleJsonSchema', () => {
  const schema = sampleJsonSchema();

  it('is a JSON Schema 2020-12 object for the sample', () => {
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://vift.dev/schema/vift-v1.json',
      type: 'object',
      required: ['id', 'images', 'turns'],
      additionalProperties: false,
    });
    // Plain JSON: it survives a trip through a file.
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    const properties = schema.properties as Record<string, Schema>;
    expect(Object.keys(properties)).toEqual(['id', 'images', 'turns', 'source', 'meta']);
    const image = (properties.images!.items as Schema).properties as Record<string, Schema>;
    expect(image.bytes).toMatchObject({ type: 'string', contentEncoding: 'base64' });
    const turn = (properties.turns!.items as Schema).properties as Record<string, Schema>;
    expect(turn.role!.enum).toEqual(['system', 'user', 'assistant']);
  });

  it('has every $ref resolve inside the schema', () => {
    const references = JSON.stringify(schema).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) {
      const path = reference.slice('"$ref":"#/'.length, -1).split('/');
      expect(path.reduce<unknown>((node, step) => (node as Schema | undefined)?.[step], schema)).toBeTypeOf('object');
    }
  });

  it('matches every valid sample written as JSON with base64 bytes', () => {
    fc.assert(
      fc.property(validSampleArbitrary, (sample) => {
        expect(matches(schema, toJson(sample), schema)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['a missing id', ({ id: _id, ...rest }: Sample) => rest],
    ['an empty id', (sample: Sample) => ({ ...sample, id: '' })],
    ['an unknown key', (sample: Sample) => ({ ...sample, conversations: [] })],
    ['an unknown role', (sample: Sample) => ({ ...sample, turns: [{ role: 'gpt', text: 'x' }] })],
    ['bytes as a list of numbers', (sample: Sample) => ({ ...sample, images: [{ bytes: [1, 2] }] })],
    ['a fractional COCO id', (sample: Sample) => ({ ...sample, images: [{ path: 'a.jpg', cocoId: 1.5 }] })],
    ['a zero width', (sample: Sample) => ({ ...sample, images: [{ path: 'a.jpg', width: 0 }] })],
    ['a provenance without dataset', (sample: Sample) => ({ ...sample, source: { task: 'x' } })],
  ])('rejects %s', (_name, spoil) => {
    const sample: Sample = { id: 'a', images: [{ path: 'a.jpg', bytes: new Uint8Array([1, 2, 3, 4]) }], turns: [{ role: 'user', text: '<image>' }] };
    expect(matches(schema, toJson(sample), schema)).toBe(true);
    expect(matches(schema, toJson(spoil(sample) as Sample), schema)).toBe(false);
  });

  it('encodes bytes the way the schema says: standard base64', () => {
    expect(toBase64(new Uint8Array([]))).toBe('');
    expect(toBase64(new Uint8Array([0x76, 0x69, 0x66, 0x74]))).toBe('dmlmdA==');
    expect(toBase64(new Uint8Array([0xff, 0xd8, 0xff]))).toBe('/9j/');
  });
});
