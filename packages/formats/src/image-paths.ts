import type { Sample } from '@vift/schema';
import { NotRepresentableError, type LossTally } from './record-fields.js';

/** The image paths of a sample for formats that refer to images by path; reports what they cannot hold. */
export function imagePaths(sample: Sample, formatLabel: string, losses: LossTally | undefined): string[] {
  return sample.images.map((image, imageIndex) => {
    if (image.path === undefined) {
      throw new NotRepresentableError(
        `images[${imageIndex}]`,
        `the image has bytes but no path, and ${formatLabel} refers to images by path`,
        'write the image bytes to files and set each image path, or choose a format that embeds images',
      );
    }
    reportImageExtras(image, losses);
    return image.path;
  });
}

export function reportImageExtras(image: Sample['images'][number], losses: LossTally | undefined): void {
  if (losses === undefined) return;
  if (image.bytes !== undefined && image.path !== undefined) losses('images[].bytes');
  if (image.cocoId !== undefined) losses('images[].cocoId');
  if (image.width !== undefined) losses('images[].width');
  if (image.height !== undefined) losses('images[].height');
}
