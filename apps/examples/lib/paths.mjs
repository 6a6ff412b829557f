import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's fixtures folder, where the examples' real input data lives. */
export const fixture = (path) => fileURLToPath(new URL(`../../../fixtures/${path}`, import.meta.url));

/** The folder named on the command line, or example-output/<name> in the working directory. */
export async function outputFolder(name) {
  const folder = resolve(process.argv[2] ?? join('example-output', name));
  await mkdir(folder, { recursive: true });
  return folder;
}
