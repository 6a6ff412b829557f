import type { ImageRef, JsonObject, JsonValue, Sample } from '@vift/schema';
import type { RowIssues } from './row-issues.js';

/** Parses a meta JSON column value into an object, reporting anything else. */
export function parseMetaJson(value: unknown, path: string, issues: RowIssues): JsonObject | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') {
    issues.add(path, 'expected JSON text');
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as JsonObject;
  } catch {
    // reported below
  }
  issues.add(path, 'expected a JSON object');
  return undefined;
}

/** Takes vift's own notes out of a row's meta: what is left is the sample's meta. */
export function takeNote(meta: JsonObject | undefined, key: string): JsonValue | undefined {
  if (meta === undefined || !Object.hasOwn(meta, key)) return undefined;
  const value = meta[key];
  delete meta[key];
  return value;
}

/** Puts back cocoId, width and height kept under "vift:images". */
export function applyImageExtras(images: ImageRef[], extras: JsonValue | undefined): void {
  if (!Array.isArray(extras)) return;
  extras.forEach((extra, index) => {
    const image = images[index];
    if (image === undefined || typeof extra !== 'object' || extra === null || Array.isArray(extra)) return;
    if (typeof extra.cocoId === 'number') image.cocoId = extra.cocoId;
    if (typeof extra.width === 'number') image.width = extra.width;
    if (typeof extra.height === 'number') image.height = extra.height;
  });
}

const placePattern = /^(id|images\[(\d+)\]\.path|turns\[(\d+)\]\.(text|source\.(\w+))|source\.(\w+))$/;

/** Puts back the strings whose lone surrogates the writer replaced ("vift:text": {place: original}). */
export function applyTextRepairs(sample: Sample, repairs: JsonValue | undefined): void {
  if (typeof repairs !== 'object' || repairs === null || Array.isArray(repairs)) return;
  for (const [place, original] of Object.entries(repairs)) {
    const match = placePattern.exec(place);
    if (match === null || typeof original !== 'string') continue;
    const [, , image, turn, turnField, turnSource, source] = match;
    if (place === 'id') sample.id = original;
    else if (image !== undefined && sample.images[Number(image)] !== undefined) sample.images[Number(image)]!.path = original;
    else if (turn !== undefined) {
      const target = sample.turns[Number(turn)];
      if (target === undefined) continue;
      if (turnField === 'text') target.text = original;
      else if (turnSource !== undefined && target.source !== undefined) (target.source as Record<string, string>)[turnSource] = original;
    } else if (source !== undefined && sample.source !== undefined) (sample.source as Record<string, string>)[source] = original;
  }
}
