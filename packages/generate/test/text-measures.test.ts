import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../src/operators/sample-keys.js';
import { countWords } from '../src/stats/text-measures.js';

// The fast paths give exactly what the plain definitions give: Unicode normalisation and property classes
// for normaliseText, the `\S+` regular expression for countWords.

const definedNormalise = (text: string) =>
  text
    .replace(/<image>/g, ' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
const definedCountWords = (text: string) => text.match(/\S+/g)?.length ?? 0;

// Text with what matters here: ASCII, placeholders, every kind of whitespace, compatibility characters,
// accents, other scripts, emoji and lone surrogates.
const pieces = fc.oneof(
  fc.string({ unit: 'grapheme-ascii' }),
  fc.constantFrom('<image>', '<image', 'image>', ' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085', '\u180e'),
  fc.constantFrom('Ｃａｆé', 'ﬁ', '①', 'Å', 'e\u0301', 'İ', 'ß', 'ΣΑΣ', '東京', '😀', '\ud800', '\udc00', 'x²', '½'),
  fc.string({ unit: 'binary' }),
);
const texts = fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(''));

describe('text measures', () => {
  it('normaliseText equals its definition, on ASCII and on any text', () => {
    fc.assert(fc.property(texts, (text) => {
        expect(normaliseText(text)).toBe(definedNormalise(text));
      }), { numRuns: 2000 });
    expect(normaliseText('  <image>\nWhat’s   THIS?!  ')).toBe('what s this');
    expect(normaliseText('<IMAGE> What is THIS, 2 dogs?')).toBe('image what is this 2 dogs');
  });

  it('countWords equals the number of \\S+ runs, whatever the whitespace', () => {
    fc.assert(fc.property(texts, (text) => {
        expect(countWords(text)).toBe(definedCountWords(text));
      }), { numRuns: 2000 });
    expect(countWords('\u3000one\u00a0two\u2028three\ufefffour\u200bstill-four ')).toBe(4);
  });
});
