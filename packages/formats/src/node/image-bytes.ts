import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { createIssue, type ValidationIssue } from '@vift/schema';
import { imageExtension } from '../base64.js';
import { resolveImagePath } from './image-files.js';
import type { DatasetEntry } from './open-dataset.js';

/**
 * Reads each image of the valid entries from its file under `root` into `bytes` (keeping the path), for
 * datasets that carry their images (Parquet). A path that escapes the root, or a file that is missing,
 * makes the entry invalid with that issue.
 */
export async function* embedImageBytes(entries: AsyncIterable<DatasetEntry>, options: { root: string }): AsyncGenerator<DatasetEntry> {
  for await (const entry of entries) {
    if (entry.valid && entry.sample !== undefined) {
      const issues: ValidationIssue[] = [];
      for (const [imageIndex, image] of entry.sample.images.entries()) {
        if (image.bytes !== undefined || image.path === undefined) continue;
        const place = { sampleId: entry.sample.id, index: entry.index, path: `images[${imageIndex}]`, ...(entry.byteOffset === undefined ? {} : { byteOffset: entry.byteOffset }) };
        const file = resolveImagePath(options.root, image.path);
        if (file === undefined) {
          issues.push(createIssue('image-path-escapes-root', `image path ${JSON.stringify(image.path)} points outside the image root`, place));
          continue;
        }
        try {
          image.bytes = await readFile(file);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const missing = code === 'ENOENT' || code === 'ENOTDIR';
          const message = missing ? `image ${JSON.stringify(image.path)} does not exist under ${options.root}` : `image ${JSON.stringify(image.path)} cannot be read (${code})`;
          issues.push(createIssue(missing ? 'image-file-missing' : 'image-file-unreadable', message, place));
        }
      }
      if (issues.length > 0) {
        entry.issues = [...entry.issues, ...issues];
        entry.valid = false;
      }
    }
    yield entry;
  }
}

/**
 * Writes each image's bytes of the valid entries to a file under `folder` — at its own path when it has
 * one inside the folder, else at `<id>-<k>.<ext>` — and leaves the sample with the path only, for formats
 * that refer to images by path. A path that escapes the folder makes the entry invalid.
 */
export async function* extractImageBytes(entries: AsyncIterable<DatasetEntry>, options: { folder: string }): AsyncGenerator<DatasetEntry> {
  for await (const entry of entries) {
    if (entry.valid && entry.sample !== undefined) {
      const sample = entry.sample;
      for (const [imageIndex, image] of sample.images.entries()) {
        if (image.bytes === undefined) continue;
        const name = image.path ?? `${sample.id.replace(/[^\w.-]+/g, '_')}-${imageIndex}${imageExtension(image.bytes)}`;
        const file = resolveImagePath(options.folder, name);
        if (file === undefined) {
          const place = { sampleId: sample.id, index: entry.index, path: `images[${imageIndex}]` };
          entry.issues = [...entry.issues, createIssue('image-path-escapes-root', `image path ${JSON.stringify(name)} points outside ${options.folder}`, place)];
          entry.valid = false;
          break;
        }
        await mkdir(dirname(file), { recursive: true });
        // A temporary name first: an interrupted run never leaves a half image.
        const temporary = `${file}.tmp-${process.pid}`;
        await writeFile(temporary, image.bytes);
        await rename(temporary, file);
        image.path = relative(options.folder, file).split('\\').join('/');
        delete image.bytes;
      }
    }
    yield entry;
  }
}
