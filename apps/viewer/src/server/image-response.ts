import { realpath, stat } from 'node:fs/promises';
import { extname, relative, isAbsolute, sep } from 'node:path';
import { resolveImagePath } from '@vift/formats/node';
import type { ImageRef } from '@vift/schema';
import { ViewerRequestError } from './viewer-request-error.js';

export type ImageBody = { kind: 'bytes'; bytes: Uint8Array; type: string } | { kind: 'file'; file: string; size: number; type: string };

const typeByExtension: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.avif': 'image/avif',
};
const urlPattern = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Where an image's bytes come from: embedded bytes, or a file under the image root. A path that leaves
 * the root, lexically or through a symbolic link, is refused (403); a missing file is a 404.
 */
export async function imageBody(image: ImageRef, root: string): Promise<ImageBody> {
  if (image.bytes !== undefined) return { kind: 'bytes', bytes: image.bytes, type: sniffImageType(image.bytes) };
  const path = image.path;
  if (path === undefined) throw new ViewerRequestError(404, 'the image has neither bytes nor a path');
  if (urlPattern.test(path)) throw new ViewerRequestError(404, `the image is at ${path}: the viewer reads only local files`);
  const target = resolveImagePath(root, path);
  if (target === undefined) throw new ViewerRequestError(403, `the image path ${JSON.stringify(path)} leaves the image root`);
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    throw new ViewerRequestError(404, `the image ${JSON.stringify(path)} is not under ${root}`);
  }
  if (!isInside(await realpath(root), real)) throw new ViewerRequestError(403, `the image path ${JSON.stringify(path)} leads outside the image root through a link`);
  const info = await stat(real);
  if (!info.isFile()) throw new ViewerRequestError(404, `the image ${JSON.stringify(path)} is not a file`);
  return { kind: 'file', file: real, size: info.size, type: typeByExtension[extname(real).toLowerCase()] ?? 'application/octet-stream' };
}

function isInside(root: string, target: string): boolean {
  const inside = relative(root, target);
  return inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

/** The image type from the first bytes (what the Hub's datasets embed: JPEG, PNG, GIF, WebP, BMP). */
export function sniffImageType(bytes: Uint8Array): string {
  const starts = (...values: number[]) => values.every((value, position) => bytes[position] === value);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  if (starts(0x42, 0x4d)) return 'image/bmp';
  return 'application/octet-stream';
}
