import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { createIssue, type Sample, type ValidationIssue } from '@vift/schema';

/**
 * Resolves an image path against its root and refuses one that escapes it ("../", absolute paths
 * elsewhere), so a dataset can never make vift read or write outside the folder it was given.
 */
export function resolveImagePath(root: string, path: string): string | undefined {
  const absoluteRoot = resolve(root);
  const target = resolve(absoluteRoot, path);
  const inside = relative(absoluteRoot, target);
  // "..name.jpg" is a file in the root; only ".." as a whole path segment leaves it.
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined;
  return target;
}

const urlPattern = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Checks that every image path of a sample names a readable file under `root`. URLs are not checked. */
export async function checkImageFiles(sample: Sample, index: number, root: string): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  for (const [imageIndex, image] of sample.images.entries()) {
    if (image.path === undefined || urlPattern.test(image.path)) continue;
    const place = { sampleId: sample.id, index, path: `images[${imageIndex}]` };
    const target = resolveImagePath(root, image.path);
    if (target === undefined) {
      issues.push(createIssue('image-path-escapes-root', `image path ${JSON.stringify(image.path)} points outside the image root`, place));
      continue;
    }
    try {
      const info = await stat(target);
      if (!info.isFile()) issues.push(createIssue('image-file-unreadable', `image ${JSON.stringify(image.path)} is not a file`, place));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const issueCode = code === 'ENOENT' || code === 'ENOTDIR' ? 'image-file-missing' : 'image-file-unreadable';
      issues.push(createIssue(issueCode, `image ${JSON.stringify(image.path)} ${issueCode === 'image-file-missing' ? 'does not exist' : `cannot be read (${code})`} under ${root}`, place));
    }
  }
  return issues;
}
