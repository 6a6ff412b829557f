import type { RgbImage } from './png-encoder.js';
import { SCENE_COLORS, type PlacedObject } from './scene-layout.js';

export const SCENE_BACKGROUND = [245, 245, 240] as const;

/** What drawing an object gives its annotation: the pixels it covers and its outline as a polygon. */
export type DrawnObject = { area: number; segmentation: number[] };

const CIRCLE_POLYGON_POINTS = 16;

/** Whether the centre of pixel (column, row) lies inside the object's shape. */
function covers(object: PlacedObject, column: number, row: number): boolean {
  const [x, y, side] = object.box;
  const px = column + 0.5 - x;
  const py = row + 0.5 - y;
  if (object.shape === 'square') return true;
  if (object.shape === 'circle') {
    const radius = side / 2;
    return (px - radius) ** 2 + (py - radius) ** 2 <= radius * radius;
  }
  // Triangle with its apex at the top middle and its base along the bottom of the box.
  return py >= 0 && py <= side && Math.abs(px - side / 2) <= py / 2;
}

function outline(object: PlacedObject): number[] {
  const [x, y, side] = object.box;
  if (object.shape === 'square') return [x, y, x + side, y, x + side, y + side, x, y + side];
  if (object.shape === 'triangle') return [x + side / 2, y, x + side, y + side, x, y + side];
  const radius = side / 2;
  return Array.from({ length: CIRCLE_POLYGON_POINTS }, (_, index) => {
    const angle = (2 * Math.PI * index) / CIRCLE_POLYGON_POINTS;
    return [x + radius + radius * Math.cos(angle), y + radius + radius * Math.sin(angle)];
  }).flatMap(([px, py]) => [Math.round(px! * 100) / 100, Math.round(py! * 100) / 100]);
}

/** Paints the objects on a plain background; returns the image and, per object, its area and outline. */
export function rasterizeScene(objects: readonly PlacedObject[], imageSize: number): { image: RgbImage; drawn: DrawnObject[] } {
  const pixels = new Uint8Array(imageSize * imageSize * 3);
  for (let at = 0; at < pixels.length; at += 3) pixels.set(SCENE_BACKGROUND, at);
  const drawn = objects.map((object) => {
    const [x, y, side] = object.box;
    const color = SCENE_COLORS[object.color];
    let area = 0;
    for (let row = y; row < y + side; row++) {
      for (let column = x; column < x + side; column++) {
        if (!covers(object, column, row)) continue;
        pixels.set(color, (row * imageSize + column) * 3);
        area++;
      }
    }
    return { area, segmentation: outline(object) };
  });
  return { image: { width: imageSize, height: imageSize, pixels }, drawn };
}
