import { NotRepresentableError } from '@vift/formats';
import type { JsonValue, Sample, Turn } from '@vift/schema';
import type { LeafColumn } from '../leaf-column.js';
import { binary, list, struct, text } from '../schema-tree.js';
import { llavaFeatures } from './hugging-face-features.js';
import type { ParquetLayout } from './layout.js';
import { RowText } from './row-text.js';

const speakerOfRole: Record<Turn['role'], string> = { user: 'human', assistant: 'gpt', system: 'system' };
const roleOfSpeaker: Record<string, Turn['role']> = { human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant', system: 'system' };

/**
 * The LLaVA layout of the LLaVA-style datasets on the Hugging Face Hub: `id`, `image` (one Image struct),
 * `conversations` (from, value). What those columns cannot hold (the sample's and turns' provenance and
 * meta, image cocoId/width/height) goes into a `meta` JSON column so a LLaVA round trip stays exact.
 * A sample with more than one image cannot be written in this layout.
 */
export const llavaLayout: ParquetLayout = {
  name: 'llava',
  schema: [
    text('id'),
    struct('image', [binary('bytes'), text('path')]),
    list('conversations', struct('element', [text('from'), text('value')])),
    text('meta'),
  ],
  features: llavaFeatures,
  appendRow,
};

const ID = 0;
const IMAGE_BYTES = 1;
const IMAGE_PATH = 2;
const FROM = 3;
const VALUE = 4;
const META = 5;

function appendRow(sample: Sample, columns: readonly LeafColumn[]): number {
  if (sample.images.length > 1) {
    throw new NotRepresentableError(
      'images',
      `the sample has ${sample.images.length} images and the LLaVA layout has one image column`,
      'write the vift layout (--layout vift), which holds a list of images',
    );
  }
  for (const column of columns) column.startRow();
  const row = new RowText();
  columns[ID]!.text(row.wellFormed(sample.id, 'id'), 0);
  const image = sample.images[0];
  if (image === undefined) {
    columns[IMAGE_BYTES]!.nullAt(0, 0);
    columns[IMAGE_PATH]!.nullAt(0, 0);
  } else {
    if (image.bytes === undefined) columns[IMAGE_BYTES]!.nullAt(1, 0);
    else columns[IMAGE_BYTES]!.binary(image.bytes, 0);
    if (image.path === undefined) columns[IMAGE_PATH]!.nullAt(1, 0);
    else columns[IMAGE_PATH]!.text(row.wellFormed(image.path, 'images[0].path'), 0);
  }
  if (sample.turns.length === 0) {
    columns[FROM]!.nullAt(1, 0);
    columns[VALUE]!.nullAt(1, 0);
  }
  sample.turns.forEach((turn, index) => {
    const repetition = index === 0 ? 0 : 1;
    columns[FROM]!.text(speakerOf(turn), repetition);
    columns[VALUE]!.text(row.wellFormed(turn.text, `turns[${index}].text`), repetition);
  });
  const imageExtras =
    image !== undefined && (image.cocoId !== undefined || image.width !== undefined || image.height !== undefined)
      ? [{ ...(image.cocoId === undefined ? {} : { cocoId: image.cocoId }), ...(image.width === undefined ? {} : { width: image.width }), ...(image.height === undefined ? {} : { height: image.height }) }]
      : undefined;
  const meta = row.metaJson(sample.meta, {
    'vift:images': imageExtras,
    'vift:source': sample.source,
    'vift:turns': turnExtras(sample.turns),
  });
  if (meta === undefined) columns[META]!.nullAt(0, 0);
  else columns[META]!.text(meta, 0);
  return row.repaired;
}

/** LLaVA's own spelling when the turn came from LLaVA JSON with one ("user" for "human"), else the usual one. */
function speakerOf(turn: Turn): string {
  const note = turn.meta?.['vift:llava'];
  const spelled = typeof note === 'object' && note !== null && !Array.isArray(note) ? note.from : undefined;
  return typeof spelled === 'string' && Object.hasOwn(roleOfSpeaker, spelled) && roleOfSpeaker[spelled] === turn.role
    ? spelled
    : speakerOfRole[turn.role];
}

function turnExtras(turns: readonly Turn[]): JsonValue[] | undefined {
  if (!turns.some((turn) => turn.source !== undefined || turn.meta !== undefined)) return undefined;
  return turns.map((turn) => {
    if (turn.source === undefined && turn.meta === undefined) return null;
    return { ...(turn.source === undefined ? {} : { source: turn.source }), ...(turn.meta === undefined ? {} : { meta: turn.meta }) };
  });
}
