import type { ImageUrlPart } from './chat-messages.js';

/** `data:image/jpeg;base64,...` for encoded image bytes, the way vision chat models take local images. */
export function imageDataUrl(options: { bytes: Uint8Array; mediaType?: string }): string {
  return `data:${options.mediaType ?? imageMediaType(options.bytes) ?? 'application/octet-stream'};base64,${base64(options.bytes)}`;
}

/** An `image_url` content part for encoded image bytes. */
export function imagePart(options: { bytes: Uint8Array; mediaType?: string; detail?: 'auto' | 'low' | 'high' }): ImageUrlPart {
  const url = imageDataUrl(options);
  return { type: 'image_url', image_url: options.detail === undefined ? { url } : { url, detail: options.detail } };
}

/** The media type of encoded image bytes by their signature: JPEG, PNG, GIF or WebP; `undefined` otherwise. */
export function imageMediaType(bytes: Uint8Array): string | undefined {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return undefined;
}

function base64(bytes: Uint8Array): string {
  // btoa takes a binary string; build it in slices to stay clear of argument-count limits.
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}
