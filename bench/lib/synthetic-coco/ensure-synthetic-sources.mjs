/**
 * A synthetic kit cached under a data folder (bench/.data by default), reused when one with the same
 * seed, scale and options is complete there: the summary beside it names the generator version and each
 * file's size, and every file must still have that size. A kit is written into a temporary folder and
 * renamed into place, so an interrupted run is never mistaken for a cached one.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fullScale } from './plan.mjs';
import { generatorVersion, writeSyntheticSources } from './write-synthetic-sources.mjs';

/** bench/.data, which git ignores. */
export const defaultDataFolder = join(dirname(fileURLToPath(import.meta.url)), '../../.data');

export function kitName({ seed = 1, scale = 1, vgRegionsPerImage = fullScale.vgRegionsPerImage, utf8 = false }) {
  const regions = vgRegionsPerImage === fullScale.vgRegionsPerImage ? '' : `-regions${vgRegionsPerImage}`;
  return `synthetic-sources-seed${seed}-scale${scale}${regions}${utf8 ? '-utf8' : ''}`;
}

async function isComplete(folder, summary) {
  if (summary?.generatorVersion !== generatorVersion || !Array.isArray(summary.files)) return false;
  for (const file of summary.files) {
    const size = await stat(join(folder, file.file)).then((info) => info.size, () => undefined);
    if (size !== file.bytes) return false;
  }
  return true;
}

/**
 * The kit for these options under `folder` (default bench/.data), written when missing or stale.
 * Resolves to the writer's summary plus `folder` (the kit's own folder, to pass as the sources folder)
 * and `cached` (whether it was reused).
 */
export async function ensureSyntheticSources({ folder = defaultDataFolder, seed = 1, scale = 1, vgRegionsPerImage = fullScale.vgRegionsPerImage, utf8 = false, jobs, log = () => undefined } = {}) {
  await mkdir(folder, { recursive: true });
  const name = kitName({ seed, scale, vgRegionsPerImage, utf8 });
  const kitFolder = join(folder, name);
  const summaryFile = join(folder, `${name}.summary.json`);
  const cached = await readFile(summaryFile, 'utf8').then(JSON.parse, () => undefined);
  if (await isComplete(kitFolder, cached)) return { ...cached, folder: kitFolder, cached: true };
  log(`writing the synthetic COCO kit ${kitFolder} (seed ${seed}, scale ${scale}) ...`);
  const temporary = `${kitFolder}.partial-${process.pid}`;
  try {
    const summary = await writeSyntheticSources({ folder: temporary, seed, scale, vgRegionsPerImage, utf8, jobs, log });
    await rm(kitFolder, { recursive: true, force: true });
    await rename(temporary, kitFolder);
    await writeFile(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
    log(`wrote ${(summary.totalBytes / 1e6).toFixed(0)} MB in ${summary.seconds.toFixed(1)} s`);
    return { ...summary, folder: kitFolder, cached: false };
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}
