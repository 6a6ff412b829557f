import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDataset, loadRecipe } from '@vift/generate/node';
import { afterAll } from 'vitest';

export const fixturesPath = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
/** Four real COCO val2017 images and a LLaVA file naming them (see fixtures/SOURCES.md). */
export const imagesFixture = join(fixturesPath, 'images');
export const presentImages = ['000000000802.jpg', '000000011813.jpg', '000000117645.jpg', '000000205401.jpg'];

/** A fresh temporary folder for this test file, removed after its tests. */
export function useTempFolder(): () => Promise<string> {
  let folder: Promise<string> | undefined;
  afterAll(async () => {
    if (folder !== undefined) await rm(await folder, { recursive: true, force: true });
  });
  return () => (folder ??= mkdtemp(join(tmpdir(), 'vift-viewer-test-')));
}

export type CocoAllFixture = {
  /** The folder of Parquet shards built by the coco-all recipe from fixtures/coco-sample. */
  dataset: string;
  /** A folder with coco/val2017/ holding the four fixture images (the others are missing on purpose). */
  imageRoot: string;
  samples: number;
};

/** Builds the paper's recipe over the bundled COCO sample, as `npm start` does, into `folder`. */
export async function buildCocoAll(folder: string): Promise<CocoAllFixture> {
  const dataset = join(folder, 'coco-all');
  const summary = await buildDataset({ recipe: await loadRecipe('coco-all'), sources: join(fixturesPath, 'coco-sample'), output: dataset, statistics: false });
  const imageRoot = join(folder, 'image-root');
  await mkdir(join(imageRoot, 'coco', 'val2017'), { recursive: true });
  for (const name of presentImages) await copyFile(join(imagesFixture, name), join(imageRoot, 'coco', 'val2017', name));
  const shards = (await readdir(dataset)).filter((name) => name.endsWith('.parquet'));
  if (shards.length === 0) throw new Error(`no Parquet written to ${dataset}`);
  return { dataset, imageRoot, samples: summary.samples };
}
