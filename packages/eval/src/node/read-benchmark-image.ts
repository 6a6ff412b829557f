import { readFile } from 'node:fs/promises';
import { resolveImagePath } from '@vift/formats/node';
import type { ModelImage } from '../models/model.js';
import { EvalFileError } from './eval-file-error.js';

const signatures: [string, (bytes: Uint8Array) => boolean][] = [
  ['image/jpeg', (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff],
  ['image/png', (bytes) => bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47],
  ['image/gif', (bytes) => bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46],
  ['image/webp', (bytes) => bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46 && bytes[8] === 0x57 && bytes[9] === 0x45],
];

/**
 * A question's image as bytes for a vision model: the path must stay under the image folder, and the file
 * must exist and be a JPEG, PNG, GIF or WebP, else a one-line error names the question and the file.
 */
export async function readBenchmarkImage(options: { imageRoot: string | undefined; image: string; questionId: string | number }): Promise<ModelImage> {
  const question = `question ${JSON.stringify(options.questionId)}`;
  if (options.imageRoot === undefined) {
    throw new EvalFileError({ file: options.image, message: `${question} has an image but the benchmark names no image folder`, fix: 'set "images" in the benchmark definition' });
  }
  const file = resolveImagePath(options.imageRoot, options.image);
  if (file === undefined) {
    throw new EvalFileError({ file: options.image, message: `${question}: the image path points outside ${options.imageRoot}`, fix: 'keep image paths relative to the image folder' });
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new EvalFileError({ file, message: `${question}: cannot read the image (${(error as NodeJS.ErrnoException).code ?? String(error)})`, fix: 'check the image folder and the question\'s image path', cause: error });
  }
  const mediaType = signatures.find(([, matches]) => matches(bytes))?.[0];
  if (mediaType === undefined) {
    throw new EvalFileError({ file, message: `${question}: the image is not a JPEG, PNG, GIF or WebP file`, fix: 'replace the file with the real image' });
  }
  return { bytes, mediaType };
}
