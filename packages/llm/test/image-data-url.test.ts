import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imageDataUrl, imageMediaType } from '../src/index.js';

const jpeg = readFileSync(new URL('../../../fixtures/llava-bench-in-the-wild/images/010.jpg', import.meta.url));

describe('image media types and data URLs', () => {
  it('tells JPEG, PNG, GIF and WebP apart by their signatures, and nothing else', () => {
    expect(imageMediaType(jpeg)).toBe('image/jpeg');
    expect(imageMediaType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(imageMediaType(new TextEncoder().encode('GIF89a'))).toBe('image/gif');
    expect(imageMediaType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(imageMediaType(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '))).toBeUndefined();
    expect(imageMediaType(new TextEncoder().encode('not an image'))).toBeUndefined();
  });

  it('makes a base64 data URL with the sniffed type, or octet-stream', () => {
    const url = imageDataUrl({ bytes: jpeg });
    expect(url.startsWith('data:image/jpeg;base64,/9j/')).toBe(true);
    expect(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').equals(jpeg)).toBe(true);
    expect(imageDataUrl({ bytes: new TextEncoder().encode('x') })).toBe('data:application/octet-stream;base64,eA==');
  });
});
