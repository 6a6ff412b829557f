import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkImageFiles, resolveImagePath } from '@vift/formats/node';
import { createIssue, type Sample, type ValidationIssue } from '@vift/schema';
import type { SourceEntry } from './viewer-source.js';

/** Image files checked at once: a stat each, done by libuv's threads while the records stream on. */
const CHECKS_IN_FLIGHT = 64;
/** The first records wait for few checks ahead of them, so that a first page does not wait for 64. */
const FIRST_CHECKS_IN_FLIGHT = 4;
const urlPattern = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Adds the image-file issues (missing, unreadable, outside the root) to each entry, checking the files of
 * the next entries while earlier ones are handed on, in order. One stat after another would make a pass
 * over a million records wait minutes on the file system alone; and a folder that is not there at all
 * (a dataset viewed without its images) is looked up once, not once per image.
 */
export async function* withImageChecks(entries: AsyncIterable<SourceEntry>, root: string): AsyncGenerator<SourceEntry> {
  const folders = new Map<string, Promise<boolean>>();
  const folderExists = (folder: string) => {
    let exists = folders.get(folder);
    if (exists === undefined) {
      exists = stat(folder).then((info) => info.isDirectory(), () => false);
      folders.set(folder, exists);
    }
    return exists;
  };
  const queue: Array<Promise<SourceEntry>> = [];
  let inFlight = FIRST_CHECKS_IN_FLIGHT;
  for await (const entry of entries) {
    const sample = entry.sample;
    queue.push(
      sample === undefined || sample.images.every((image) => image.path === undefined)
        ? Promise.resolve(entry)
        : imageIssues(sample, entry.index, root, folderExists).then((found) => (found.length === 0 ? entry : { ...entry, issues: [...entry.issues, ...found] })),
    );
    if (queue.length >= inFlight) {
      yield await queue.shift()!;
      inFlight = Math.min(CHECKS_IN_FLIGHT, inFlight * 2);
    }
  }
  while (queue.length > 0) yield await queue.shift()!;
}

async function imageIssues(sample: Sample, index: number, root: string, folderExists: (folder: string) => Promise<boolean>): Promise<ValidationIssue[]> {
  const absent: ValidationIssue[] = [];
  const images = await Promise.all(
    sample.images.map(async (image, imageIndex) => {
      if (image.path === undefined || urlPattern.test(image.path)) return image;
      const target = resolveImagePath(root, image.path);
      if (target === undefined || (await folderExists(dirname(target)))) return image;
      // The same issue checkImageFiles gives for a missing file.
      absent.push(createIssue('image-file-missing', `image ${JSON.stringify(image.path)} does not exist under ${root}`, { sampleId: sample.id, index, path: `images[${imageIndex}]` }));
      return {};
    }),
  );
  const found = images.some((image) => image.path !== undefined) ? await checkImageFiles({ ...sample, images }, index, root) : [];
  // In the order of the images, as checkImageFiles gives them.
  const position = (issue: ValidationIssue) => Number(/\d+/.exec(issue.path ?? '')?.[0] ?? 0);
  return [...found, ...absent].sort((left, right) => position(left) - position(right));
}
