import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CocoImage, LoadReport } from '../src/annotation.js';

/** A file under the repository's `fixtures/sources-extra/` folder. */
export function extraFixture(path: string): string {
  return fileURLToPath(new URL(`../../../fixtures/sources-extra/${path}`, import.meta.url));
}

/**
 * The Visual Genome image list of the bundled COCO sample (`fixtures/coco-sample/vg/image_data.json`):
 * VG ids 2400000 and up are its COCO images (2400000 → 139, 2400006 → 34417, 2400029 → 205401,
 * 2400054 → 397133), 2500001 and 2500002 VG-only images.
 */
export const sampleVisualGenomeImages = fileURLToPath(new URL('../../../fixtures/coco-sample/vg/image_data.json', import.meta.url));

/** An `images` filter with these COCO ids (sizes made up: the loaders here do not use them). */
export function imagesWithIds(ids: readonly number[]): Map<number, CocoImage> {
  return new Map(ids.map((cocoId) => [cocoId, { cocoId, fileName: `${String(cocoId).padStart(12, '0')}.jpg`, width: 640, height: 480 }]));
}

/** Collects the reports a loader hands over. */
export function reports(): { list: LoadReport[]; report: (report: LoadReport) => void } {
  const list: LoadReport[] = [];
  return { list, report: (report) => list.push(report) };
}

/** Writes `value` as JSON (or, for a `.jsonl` name and an array, one JSON value a line) into `folder`. */
export async function writeRecords(folder: string, name: string, value: unknown): Promise<string> {
  const file = join(folder, name);
  const text = name.endsWith('.jsonl') && Array.isArray(value) ? value.map((record) => JSON.stringify(record)).join('\n') : JSON.stringify(value);
  await writeFile(file, text);
  return file;
}
