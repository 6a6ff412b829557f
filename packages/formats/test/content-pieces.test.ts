import fc from 'fast-check';
import { countPlaceholders } from '@vift/schema';
import { describe, expect, it } from 'vitest';
import { joinPieces, splitPieces, type ContentPiece } from '../src/content-pieces.js';
import { piecesArbitrary, plainTextArbitrary, textArbitrary } from './arbitraries.js';

const image: ContentPiece = { kind: 'image' };
const text = (value: string): ContentPiece => ({ kind: 'text', text: value });

describe('splitPieces and joinPieces', () => {
  it('are inverses on alternating pieces with non-empty texts', () => {
    fc.assert(
      fc.property(piecesArbitrary, (pieces) => {
        expect(splitPieces(joinPieces(pieces))).toEqual(pieces.length === 0 ? [text('')] : pieces);
      }),
      { numRuns: 500 },
    );
  });

  it('split any text into pieces that join and split again to themselves, one image per placeholder', () => {
    fc.assert(
      fc.property(textArbitrary, (value) => {
        const pieces = splitPieces(value);
        expect(pieces.filter((piece) => piece.kind === 'image')).toHaveLength(countPlaceholders(value));
        expect(splitPieces(joinPieces(pieces))).toEqual(pieces);
        // What the pieces lose is only newlines and empty text next to placeholders.
        expect(joinPieces(pieces).replace(/\n/g, '')).toBe(value.replace(/\n/g, ''));
      }),
      { numRuns: 500 },
    );
  });

  it('keep text without placeholders as one piece, the empty text included', () => {
    fc.assert(
      fc.property(plainTextArbitrary, (value) => {
        expect(splitPieces(value)).toEqual([text(value)]);
        expect(joinPieces(splitPieces(value))).toBe(value);
      }),
    );
  });

  it.each([
    ['<image>\nWhat is this?', [image, text('What is this?')]],
    ['What is this?\n<image>', [text('What is this?'), image]],
    ['<image>\n<image>\nCompare them.', [image, image, text('Compare them.')]],
    ['<image>\n\nTwo newlines.', [image, text('\nTwo newlines.')]],
    ['<image>', [image]],
  ])('split %j as LLaVA spells it', (value, pieces) => {
    expect(splitPieces(value)).toEqual(pieces);
    expect(joinPieces(pieces)).toBe(value);
  });

  it('put exactly one newline between an image and the text next to it', () => {
    expect(joinPieces(splitPieces('<image>What is this?'))).toBe('<image>\nWhat is this?');
    expect(joinPieces(splitPieces('What is this?<image>'))).toBe('What is this?\n<image>');
    expect(joinPieces(splitPieces('<image>\n'))).toBe('<image>');
  });
});
