import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's fixtures/ folder. */
export const fixtureRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures');
export const evalFixture = (path: string): string => join(fixtureRoot, 'eval', path);

/** The lines of a text file, without the final newline's empty line. */
export function fixtureLines(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function fixtureJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
