import type { ImageRef, Sample } from '@vift/schema';
import { IMAGE_PLACEHOLDER } from '@vift/schema';
import { hash64Hex, hashBytes64 } from './hash-string-64.js';

/**
 * An image's identity: its COCO id when known (the same COCO image under two paths is one image), else its
 * path, else a hash of its bytes.
 */
export function imageKey(image: ImageRef): string {
  if (image.cocoId !== undefined) return `coco:${image.cocoId}`;
  if (image.path !== undefined) return `path:${image.path}`;
  if (image.bytes !== undefined) return `bytes:${hash64Hex(hashBytes64(image.bytes))}`;
  return 'none';
}

/** The key that places a sample by its image: the first image's identity, or the sample id when it has none. */
export function sampleImageKey(sample: Sample): string {
  const first = sample.images[0];
  return first === undefined ? `id:${sample.id}` : imageKey(first);
}

const placeholders = new RegExp(IMAGE_PLACEHOLDER.replace(/[<>]/g, '\\$&'), 'g');
const separators = /[^\p{L}\p{M}\p{N}]+/gu;
const asciiOnly = /^[\x00-\x7f]*$/;
const asciiSeparators = /[^a-z0-9]+/g;

/**
 * The text `dedupe({ by: 'normalised' })` compares: `<image>` placeholders removed (where the image sits is
 * not content), Unicode NFKC, lower case, and every run of characters that are not letters, marks or
 * digits (punctuation, symbols, whitespace) turned into one space, trimmed. "What's this?" and
 * " what s  THIS " are the same text.
 */
export function normaliseText(text: string): string {
  const spaced = text.replace(placeholders, ' ');
  // ASCII text is its own NFKC form, and once lower-cased its letters and digits are a-z and 0-9: the same
  // result without Unicode normalisation, which costs most of the time on large datasets.
  if (asciiOnly.test(spaced)) return spaced.toLowerCase().replace(asciiSeparators, ' ').trim();
  return spaced.normalize('NFKC').toLowerCase().replace(separators, ' ').trim();
}

/**
 * A sample's dialog as one string for hashing: the images (when `images`), then each turn's role and text.
 * Exact texts are length-prefixed, normalised ones hold no control characters, so no two different dialogs
 * give the same string.
 */
export function dialogKey(sample: Sample, options: { normalised: boolean; images: boolean }): string {
  let key = options.images ? sample.images.map(imageKey).join('\u0002') : '';
  for (const turn of sample.turns) {
    const text = options.normalised ? normaliseText(turn.text) : `${turn.text.length}\u0001${turn.text}`;
    key += `\u0000${turn.role}\u0001${text}`;
  }
  return key;
}
