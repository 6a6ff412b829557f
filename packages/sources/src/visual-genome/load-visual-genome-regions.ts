import type { RegionAnnotation } from '../annotation.js';
import { readNumber, readText } from '../json/record-fields.js';
import { LoadCounter, type LoaderOptions } from '../loader-options.js';
import type { VisualGenomeImage } from './load-visual-genome-images.js';
import { readVisualGenomeEntries, toCocoBox } from './read-visual-genome-records.js';

/** The Visual Genome loaders read VG files and need VG's map to COCO. */
export type VisualGenomeLoaderOptions = LoaderOptions & {
  /** From `loadVisualGenomeImages`: VG image id → its COCO image. Annotations on other VG images are dropped as not COCO. */
  vgToCoco: ReadonlyMap<number, VisualGenomeImage>;
};

/**
 * Streams Visual Genome's `region_descriptions.json` (`[{"id": 1, "regions": [{region_id, image_id,
 * phrase, x, y, width, height}, ...]}, ...]`) as `region` annotations on COCO images, one per region,
 * phrase trimmed, `annotationId` the region id. Regions on VG images without a COCO id are dropped and
 * counted as `droppedNotCoco`.
 *
 * Boxes are in pixels of the COCO image when `images` gives its size (VG's copy may be sized
 * differently), and in pixels of VG's copy otherwise.
 *
 * Throws `SourceFileError` for a file that is not a top-level array, or whose records have no `regions`.
 * A region without a phrase or a box is dropped and counted as malformed.
 */
export async function* loadVisualGenomeRegions(options: VisualGenomeLoaderOptions): AsyncGenerator<RegionAnnotation> {
  const { file, images } = options;
  const counter = new LoadCounter('vg-region', file);
  const entries = readVisualGenomeEntries({
    file,
    listKey: 'regions',
    idKey: 'region_id',
    expectedFile: 'region_descriptions.json',
    vgToCoco: options.vgToCoco,
    images,
    counter,
  });
  for await (const { entry, cocoId, vgImage, where } of entries) {
    const phrase = readText(entry.phrase);
    const x = readNumber(entry.x);
    const y = readNumber(entry.y);
    const width = readNumber(entry.width);
    const height = readNumber(entry.height);
    const regionId = entry.region_id ?? entry.id;
    if (phrase === undefined) counter.malformed(`${where}: "phrase" is not a non-empty string`);
    else if (x === undefined || y === undefined || width === undefined || height === undefined || width < 0 || height < 0) {
      counter.malformed(`${where}: "x", "y", "width" and "height" must be numbers, the size at least 0`);
    } else if (typeof regionId !== 'number' && typeof regionId !== 'string') counter.malformed(`${where}: no "region_id"`);
    else {
      counter.yielded();
      yield {
        kind: 'region',
        dataset: 'vg-region',
        cocoId,
        annotationId: String(regionId),
        phrase,
        box: toCocoBox([x, y, width, height], vgImage, images?.get(cocoId)),
      };
    }
  }
  counter.finish(options.report);
}
