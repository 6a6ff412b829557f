import { splitPieces } from '@vift/formats';
import type { LayoutName, ParquetLayout, SchemaNode } from '@vift/parquet';
import type { Sample } from '@vift/schema';

type LeafColumn = Parameters<ParquetLayout['appendRow']>[1][number];

const text = (name: string): SchemaNode => ({ name, kind: 'string' });
const binary = (name: string): SchemaNode => ({ name, kind: 'binary' });
const struct = (name: string, children: SchemaNode[]): SchemaNode => ({ name, kind: 'struct', children });
const list = (name: string, element: SchemaNode): SchemaNode => ({ name, kind: 'list', element });

const stringValue = { dtype: 'string', _type: 'Value' } as const;

/**
 * The layout TRL's vision fine-tuning reads (as in HuggingFaceH4/llava-instruct-mix-vsft): `messages`, each
 * a role and a `content` list of parts `{type: "image"}` / `{type: "text", text}`, and `images`, a list of
 * Hugging Face Image structs in the order of the image parts, plus the sample's `id`. The features under the
 * "huggingface" key make `datasets` decode the images as images.
 */
export const trlParquetLayout: ParquetLayout = {
  // @vift/parquet names the layouts it writes itself; this one is written here (and read there as "trl").
  name: 'trl' as string as LayoutName,
  schema: [
    text('id'),
    list('messages', struct('element', [text('role'), list('content', struct('element', [text('type'), text('text')]))])),
    list('images', struct('element', [binary('bytes'), text('path')])),
  ],
  features: {
    id: stringValue,
    messages: [{ role: stringValue, content: [{ type: stringValue, text: stringValue }] }],
    images: [{ _type: 'Image' }],
  },
  appendRow,
};

// Leaf positions in schema order.
const ID = 0;
const ROLE = 1;
const PART_TYPE = 2;
const PART_TEXT = 3;
const IMAGE_BYTES = 4;
const IMAGE_PATH = 5;

// Definition levels (every field optional): messages 1, its repeated list 2, element 3, role 4;
// content 4, its repeated list 5, part 6, type/text 7. images 1, list 2, element 3, bytes/path 4.
// Repetition levels: a new message repeats at 1, a new part of the same message at 2.
function appendRow(sample: Sample, columns: readonly LeafColumn[]): number {
  for (const column of columns) column.startRow();
  columns[ID]!.text(sample.id, 0);

  if (sample.turns.length === 0) {
    for (const leaf of [ROLE, PART_TYPE, PART_TEXT]) columns[leaf]!.nullAt(1, 0);
  }
  sample.turns.forEach((turn, turnIndex) => {
    const messageRepetition = turnIndex === 0 ? 0 : 1;
    columns[ROLE]!.text(turn.role, messageRepetition);
    const pieces = splitPieces(turn.text);
    if (pieces.length === 0) {
      columns[PART_TYPE]!.nullAt(4, messageRepetition);
      columns[PART_TEXT]!.nullAt(4, messageRepetition);
    }
    pieces.forEach((piece, partIndex) => {
      const repetition = partIndex === 0 ? messageRepetition : 2;
      columns[PART_TYPE]!.text(piece.kind, repetition);
      if (piece.kind === 'text') columns[PART_TEXT]!.text(piece.text, repetition);
      else columns[PART_TEXT]!.nullAt(6, repetition);
    });
  });

  if (sample.images.length === 0) {
    columns[IMAGE_BYTES]!.nullAt(1, 0);
    columns[IMAGE_PATH]!.nullAt(1, 0);
  }
  sample.images.forEach((image, imageIndex) => {
    const repetition = imageIndex === 0 ? 0 : 1;
    if (image.bytes === undefined) columns[IMAGE_BYTES]!.nullAt(3, repetition);
    else columns[IMAGE_BYTES]!.binary(image.bytes, repetition);
    if (image.path === undefined) columns[IMAGE_PATH]!.nullAt(3, repetition);
    else columns[IMAGE_PATH]!.text(image.path, repetition);
  });
  return 0;
}
