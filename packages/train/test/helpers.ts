import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const fixturesPath = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
export const trainFixtures = join(fixturesPath, 'train');
export const referenceTrainerDir = fileURLToPath(new URL('../python', import.meta.url));

/** A fresh temporary folder per call, all removed after the file's tests. */
export function useTempFolders(): () => Promise<string> {
  let root: Promise<string> | undefined;
  afterAll(async () => {
    if (root !== undefined) await rm(await root, { recursive: true, force: true });
  });
  return async () => {
    root ??= mkdtemp(join(tmpdir(), 'vift-train-test-'));
    return mkdtemp(join(await root, 'case-'));
  };
}

/** The first Python 3 here that imports `module`, or undefined. */
export function pythonWith(module: string): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const result = spawnSync(python, ['-c', `import ${module}`], { encoding: 'utf8' });
    if (result.status === 0) return python;
  }
  return undefined;
}
