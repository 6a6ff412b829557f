import { readFile } from 'node:fs/promises';
import { imageMediaType } from '@vift/llm';
import { resolveImagePath } from '@vift/formats/node';
import type { ModelImage } from '../models/model.js';
import { EvalFileError } from './eval-file-error.js';

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
  const mediaType = imageMediaType(bytes);
  if (mediaType === undefined) {
    throw new EvalFileError({ file, message: `${question}: the image is not a JPEG, PNG, GIF or WebP file`, fix: 'replace the file with the real image' });
  }
  return { bytes, mediaType };
}
