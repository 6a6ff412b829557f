import type { ImageRef, JsonValue, Provenance, Sample } from '@vift/schema';
import type { LeafColumn } from '../leaf-column.js';
import { binary, list, struct, text } from '../schema-tree.js';
import { viftFeatures } from './hugging-face-features.js';
import type { ParquetLayout } from './layout.js';
import { RowText } from './row-text.js';

const provenanceFields = ['dataset', 'task', 'template', 'annotationId'] as const;
const provenance = (name: string) => struct(name, provenanceFields.map((field) => text(field)));

/**
 * The vift layout: `id`, `images` (a list of Hugging Face Image structs), `messages` (role, content, the
 * turn's source and meta), the sample's `source`, and `meta` as JSON text. Image fields an Image struct
 * cannot hold (cocoId, width, height) travel in meta under "vift:images".
 */
export const viftLayout: ParquetLayout = {
  name: 'vift',
  schema: [
    text('id'),
    list('images', struct('element', [binary('bytes'), text('path')])),
    list('messages', struct('element', [text('role'), text('content'), provenance('source'), text('meta')])),
    provenance('source'),
    text('meta'),
  ],
  features: viftFeatures,
  appendRow,
};

// Leaf positions in `leavesOf(schema)` order.
const ID = 0;
const IMAGE_BYTES = 1;
const IMAGE_PATH = 2;
const ROLE = 3;
const CONTENT = 4;
const TURN_SOURCE = 5;
const TURN_META = 9;
const SOURCE = 10;
const META = 14;

function appendRow(sample: Sample, columns: readonly LeafColumn[]): number {
  for (const column of columns) column.startRow();
  const row = new RowText();
  columns[ID]!.text(row.wellFormed(sample.id, 'id'), 0);

  // Lists: definition 1 = empty list, 3 = element present with a null field, 4 = value.
  const { images, turns } = sample;
  if (images.length === 0) {
    columns[IMAGE_BYTES]!.nullAt(1, 0);
    columns[IMAGE_PATH]!.nullAt(1, 0);
  }
  images.forEach((image, index) => {
    const repetition = index === 0 ? 0 : 1;
    if (image.bytes === undefined) columns[IMAGE_BYTES]!.nullAt(3, repetition);
    else columns[IMAGE_BYTES]!.binary(image.bytes, repetition);
    if (image.path === undefined) columns[IMAGE_PATH]!.nullAt(3, repetition);
    else columns[IMAGE_PATH]!.text(row.wellFormed(image.path, `images[${index}].path`), repetition);
  });

  if (turns.length === 0) {
    for (let leaf = ROLE; leaf <= TURN_META; leaf++) columns[leaf]!.nullAt(1, 0);
  }
  turns.forEach((turn, index) => {
    const repetition = index === 0 ? 0 : 1;
    columns[ROLE]!.text(turn.role, repetition);
    columns[CONTENT]!.text(row.wellFormed(turn.text, `turns[${index}].text`), repetition);
    appendProvenance(columns, TURN_SOURCE, turn.source, 3, repetition, row, `turns[${index}].source`);
    if (turn.meta === undefined) columns[TURN_META]!.nullAt(3, repetition);
    else columns[TURN_META]!.text(JSON.stringify(turn.meta), repetition);
  });

  appendProvenance(columns, SOURCE, sample.source, 0, 0, row, 'source');
  const meta = row.metaJson(sample.meta, { 'vift:images': imageExtras(images) });
  if (meta === undefined) columns[META]!.nullAt(0, 0);
  else columns[META]!.text(meta, 0);
  return row.repaired;
}

/** A provenance struct whose parent is defined at `parentDefinition`. */
function appendProvenance(
  columns: readonly LeafColumn[],
  first: number,
  source: Provenance | undefined,
  parentDefinition: number,
  repetition: number,
  row: RowText,
  where: string,
): void {
  provenanceFields.forEach((field, offset) => {
    const column = columns[first + offset]!;
    const value = source?.[field];
    if (source === undefined) column.nullAt(parentDefinition, repetition);
    else if (value === undefined) column.nullAt(parentDefinition + 1, repetition);
    else column.text(row.wellFormed(value, `${where}.${field}`), repetition);
  });
}

/** cocoId, width and height per image (null where an image has none), or undefined when no image has any. */
export function imageExtras(images: readonly ImageRef[]): JsonValue[] | undefined {
  let extras: JsonValue[] | undefined;
  images.forEach((image, index) => {
    if (image.cocoId === undefined && image.width === undefined && image.height === undefined) return;
    extras ??= images.map(() => null);
    const entry: Record<string, number> = {};
    if (image.cocoId !== undefined) entry.cocoId = image.cocoId;
    if (image.width !== undefined) entry.width = image.width;
    if (image.height !== undefined) entry.height = image.height;
    extras[index] = entry;
  });
  return extras;
}
