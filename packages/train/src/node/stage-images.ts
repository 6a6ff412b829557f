import { copyFile, mkdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { imageExtension } from '@vift/formats';
import { resolveImagePath, type DatasetEntry } from '@vift/formats/node';
import { createIssue, type ValidationIssue } from '@vift/schema';

/** How images reach an export's image folder: a symbolic link to the original file, or a copy. */
export type ImageStaging = 'symlink' | 'copy';

const urlPattern = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Puts every image of the valid entries into `folder` at the same relative path it has under `root` (by
 * symbolic link or copy), so a trainer given `folder` as its image folder finds each sample's image path.
 * Images that carry bytes are written as files (at their path, or `<id>-<k>.<ext>`). A path that escapes
 * `root` or `folder`, a URL, or a missing file makes the entry invalid with that issue. Each file is placed
 * once, however many samples share it.
 */
export async function* stageImages(
  entries: AsyncIterable<DatasetEntry>,
  options: { root: string | undefined; folder: string; mode: ImageStaging },
): AsyncGenerator<DatasetEntry> {
  const placed = new Set<string>();
  for await (const entry of entries) {
    if (entry.valid && entry.sample !== undefined) {
      const issues: ValidationIssue[] = [];
      for (const [imageIndex, image] of entry.sample.images.entries()) {
        const place = { sampleId: entry.sample.id, index: entry.index, path: `images[${imageIndex}]` };
        const name = image.path ?? (image.bytes === undefined ? undefined : `${entry.sample.id.replace(/[^\w.-]+/g, '_')}-${imageIndex}${imageExtension(image.bytes)}`);
        if (name === undefined) continue; // the schema check has reported it
        if (image.bytes === undefined && urlPattern.test(name)) {
          issues.push(createIssue('image-file-unreadable', `image ${JSON.stringify(name)} is a URL; trainers read image files`, place));
          continue;
        }
        const target = resolveImagePath(options.folder, name);
        const source = image.bytes === undefined ? (options.root === undefined ? undefined : resolveImagePath(options.root, name)) : undefined;
        if (target === undefined || (image.bytes === undefined && source === undefined && options.root !== undefined)) {
          issues.push(createIssue('image-path-escapes-root', `image path ${JSON.stringify(name)} points outside the image root`, place));
          continue;
        }
        if (image.bytes === undefined && options.root === undefined) {
          issues.push(createIssue('image-file-missing', `image ${JSON.stringify(name)} has no bytes and no image root was given to find it`, place));
          continue;
        }
        if (!placed.has(target)) {
          const problem = await placeImage({ target, source, bytes: image.bytes, mode: options.mode });
          if (problem !== undefined) {
            issues.push(createIssue(problem.code, `image ${JSON.stringify(name)} ${problem.message}`, place));
            continue;
          }
          placed.add(target);
        }
        image.path = relative(options.folder, target).split('\\').join('/');
        delete image.bytes;
      }
      if (issues.length > 0) {
        entry.issues = [...entry.issues, ...issues];
        entry.valid = false;
      }
    }
    yield entry;
  }
}

async function placeImage(options: {
  target: string;
  source: string | undefined;
  bytes: Uint8Array | undefined;
  mode: ImageStaging;
}): Promise<{ code: 'image-file-missing' | 'image-file-unreadable'; message: string } | undefined> {
  const { target, source } = options;
  if (source !== undefined) {
    const info = await stat(source).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      const missing = info.code === 'ENOENT' || info.code === 'ENOTDIR';
      return { code: missing ? 'image-file-missing' : 'image-file-unreadable', message: missing ? `does not exist at ${source}` : `cannot be read (${info.code})` };
    }
    if (!info.isFile()) return { code: 'image-file-unreadable', message: `is not a file (${source})` };
  }
  await mkdir(dirname(target), { recursive: true });
  // A temporary name first: an interrupted export never leaves half an image under the final name.
  const temporary = `${target}.tmp-${process.pid}`;
  await rm(temporary, { force: true });
  if (options.bytes !== undefined) await writeFile(temporary, options.bytes);
  else if (options.mode === 'copy') await copyFile(source!, temporary);
  else await symlink(source!, temporary);
  await rename(temporary, target);
  return undefined;
}
