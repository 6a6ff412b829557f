import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The checkpoint a run resumes from: the `checkpoint-N` folder with the highest N in the output folder
 * (numbers compared as numbers: checkpoint-1000 comes after checkpoint-900). Undefined when there is none
 * or the folder does not exist.
 */
export async function findLastCheckpoint(outputDir: string): Promise<{ path: string; step: number } | undefined> {
  const children = await readdir(outputDir, { withFileTypes: true }).catch(() => []);
  let best: { path: string; step: number } | undefined;
  for (const child of children) {
    const match = /^checkpoint-(\d+)$/.exec(child.name);
    if (match === null || !child.isDirectory()) continue;
    const step = Number(match[1]);
    if (best === undefined || step > best.step) best = { path: join(outputDir, child.name), step };
  }
  return best;
}
