import type { Box, CocoImage } from '@vift/sources';

/**
 * A pixel box `[x, y, width, height]` as LLaVA writes boxes in text: `[x1, y1, x2, y2]` relative to the
 * image size, clamped to [0, 1], with 3 decimals.
 */
export function normalisedBox(box: Box, image: Pick<CocoImage, 'width' | 'height'>): [number, number, number, number] {
  const [x, y, width, height] = box;
  const relative = (value: number, size: number) => Math.round(Math.min(1, Math.max(0, value / size)) * 1000) / 1000;
  return [relative(x, image.width), relative(y, image.height), relative(x + width, image.width), relative(y + height, image.height)];
}

/** `[0.37, 0.584, 0.0, 1.0]`: each value as Python prints a rounded float, as in LLaVA's context files. */
export function boxText(box: Box, image: Pick<CocoImage, 'width' | 'height'>): string {
  return `[${normalisedBox(box, image).map(pythonFloatText).join(', ')}]`;
}

function pythonFloatText(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}
