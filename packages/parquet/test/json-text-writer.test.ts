import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { countPlaceholders } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { JsonTextWriter, hasVisibleText } from '../src/read/json-text-writer.js';

// The bytes path against the string path it stands in for: a Parquet value's UTF-8 bytes, decoded by Node
// (as the reader does), printed by JSON.stringify and encoded to UTF-8 (as the LLaVA sink does).

const writer = new JsonTextWriter();

// Compared as latin1 text: one character per byte, so equal text is equal bytes (and a quick comparison).
function throughBytes(text: Uint8Array, shift = 0): string | undefined {
  // The text inside a larger page, at any alignment (plain bytes are read four at a time when aligned).
  const page = new Uint8Array(shift + text.length + 5).fill(0x22);
  page.set(text, shift + 1);
  const bytes = page.subarray(1);
  // Room at both ends, so that a write outside its span would show.
  const out = new Uint8Array(JsonTextWriter.room(text, 0, text.length) + 20).fill(0xaa);
  const end = writer.write(bytes, shift, shift + text.length, out, 10);
  if (end < 0) return undefined;
  expect(end - 10).toBeLessThanOrEqual(JsonTextWriter.room(text, 0, text.length));
  expect(out.subarray(0, 10).every((byte) => byte === 0xaa) && out.subarray(end).every((byte) => byte === 0xaa)).toBe(true);
  return Buffer.from(out.subarray(10, end)).toString('latin1');
}

const throughString = (bytes: Uint8Array) => Buffer.from(JSON.stringify(Buffer.from(bytes).toString('utf8')), 'utf8').toString('latin1');

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const awkward = fc.constantFrom(
  '"',
  '\\',
  '\\"',
  '\u0000',
  '\b',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '🦙',
  '𝟘',
  '\u{10ffff}',
  '<image>',
  '<imag',
  'e>',
  '<<image>>',
  '',
  ' ',
  'plain words',
);
/** Text of every kind: awkward pieces, any code units, any code points. */
const anyText = fc
  .array(fc.oneof(awkward, fc.string({ unit: codeUnit, maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 12 })
  .map((pieces) => pieces.join(''));

describe('JsonTextWriter', () => {
  it('writes the bytes JSON.stringify gives for any text stored as UTF-8, and counts its placeholders', () => {
    fc.assert(
      fc.property(anyText, fc.nat(7), (text, shift) => {
        // Stored as Parquet stores it: valid UTF-8 (lone surrogates become U+FFFD).
        const bytes = new TextEncoder().encode(text);
        expect(throughBytes(bytes, shift)).toBe(throughString(bytes));
        expect(writer.placeholders).toBe(countPlaceholders(text.toWellFormed()));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses bytes that are not UTF-8, and writes all others as the string path does', () => {
    const bytesOfAnyKind = fc.oneof(
      fc.uint8Array({ maxLength: 12 }),
      // Valid text with a byte changed: cut sequences, stray continuation bytes, surrogates, overlong forms.
      fc.tuple(anyText, fc.nat(), fc.integer({ min: 0x80, max: 0xff })).map(([text, at, byte]) => {
        const bytes = new TextEncoder().encode(`${text}é`);
        bytes[at % bytes.length] = byte;
        return bytes;
      }),
      fc.constantFrom([0xed, 0xa0, 0x80], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xf0, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xe2, 0x82]).map((bytes) => new Uint8Array(bytes)),
    );
    fc.assert(
      fc.property(bytesOfAnyKind, fc.nat(7), (bytes, shift) => {
        const written = throughBytes(bytes, shift);
        expect(written === undefined).toBe(!isUtf8(bytes));
        if (written !== undefined) expect(written).toBe(throughString(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes every code point as JSON.stringify does', () => {
    for (let first = 0; first <= 0x10ffff; first += 0x1000) {
      let text = '';
      for (let codePoint = first; codePoint < first + 0x1000; codePoint++) {
        if (codePoint < 0xd800 || codePoint > 0xdfff) text += String.fromCodePoint(codePoint);
      }
      const bytes = new TextEncoder().encode(text);
      expect(throughBytes(bytes, (first >> 12) & 3)).toBe(throughString(bytes));
    }
  });

  it('writes a value in the middle of a page, and empty text as ""', () => {
    const page = new TextEncoder().encode('xx"a\\b\nc"yy');
    const out = new Uint8Array(64);
    const end = writer.write(page, 2, 9, out, 0);
    expect(Buffer.from(out.subarray(0, end)).toString()).toBe(JSON.stringify('"a\\b\nc"'));
    expect(Buffer.from(out.subarray(0, writer.write(page, 3, 3, out, 0))).toString()).toBe('""');
  });

  it('reserves less than six times the size for long text, yet enough', () => {
    const long = new TextEncoder().encode(`${'a'.repeat(100_000)}"\u0001\n`);
    const room = JsonTextWriter.room(long, 0, long.length);
    expect(room).toBe(long.length + 15 + 2);
    expect(throughBytes(long)).toBe(throughString(long));
  });
});

describe('hasVisibleText', () => {
  const visible = (text: string) => hasVisibleText(new TextEncoder().encode(text), 0, new TextEncoder().encode(text).length);

  it('tells blank text as String.prototype.trim does, for every code point', () => {
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const text = String.fromCodePoint(codePoint);
      if (visible(` ${text}\n`) !== (text.trim() !== '')) expect.unreachable(`U+${codePoint.toString(16)}`);
    }
  });

  it('agrees with trim on any text', () => {
    const blankish = fc.array(fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\u180e', 'x', '🦙'), { maxLength: 8 });
    fc.assert(
      fc.property(fc.oneof(anyText, blankish.map((pieces) => pieces.join(''))), (text) => {
        expect(visible(text)).toBe(text.toWellFormed().trim() !== '');
      }),
      { numRuns: 2000 },
    );
  });

  it('answers false for bytes that are not UTF-8', () => {
    expect(hasVisibleText(new Uint8Array([0x20, 0xff]), 0, 2)).toBe(false);
    expect(hasVisibleText(new Uint8Array([0xed, 0xa0, 0x80]), 0, 3)).toBe(false);
  });
});
