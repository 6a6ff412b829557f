import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateLlavaMix, generatorVersion } from './generate-llava-mix.mjs';

/**
 * A generated LLaVA mix in `folder`, reused when one with the same size, seed and layout is there.
 * Resolves to { file, records, bytes, bySource }.
 */
export async function cachedLlavaMix({ folder, bytes = Infinity, records = Infinity, seed = 1, indent = 0, log = () => undefined }) {
  await mkdir(folder, { recursive: true });
  const size = Number.isFinite(records) ? `${records}records` : `${bytes}`;
  const name = `llava-mix-${size}-seed${seed}-indent${indent}`;
  const file = join(folder, `${name}.json`);
  const summaryFile = join(folder, `${name}.summary.json`);
  const cached = await readFile(summaryFile, 'utf8').then(JSON.parse, () => undefined);
  const actual = await stat(file).then((info) => info.size, () => undefined);
  if (cached?.generatorVersion === generatorVersion && cached.bytes === actual) return { file, ...cached };
  log(`generating ${file} (seed ${seed}, indent ${indent}) ...`);
  const started = performance.now();
  const summary = { generatorVersion, ...(await generateLlavaMix({ out: file, bytes, records, seed, indent })) };
  log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await writeFile(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  return { file, ...summary };
}
