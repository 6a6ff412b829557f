import type { ReadNode } from './read-schema.js';
import { ParquetFileError } from '../parquet-file-error.js';

/** How the rows of a Parquet file map to samples. */
export type ReadLayout = 'vift' | 'llava' | 'trl';

const layoutColumns: Record<ReadLayout, readonly string[]> = {
  vift: ['id', 'images', 'messages'],
  llava: ['conversations'],
  trl: ['messages'],
};

/**
 * Tells the layout from the top-level columns: `conversations` is LLaVA's; `messages` with string content
 * (and `id`, `images`) is vift's; `messages` whose content is a list of parts is TRL's. A file that fits
 * none gets an error naming the columns it lacks.
 */
export function detectLayout(root: ReadNode, file: string): ReadLayout {
  const names = root.children.map((child) => child.name);
  if (names.includes('conversations')) return 'llava';
  const messages = root.children.find((child) => child.name === 'messages');
  if (messages !== undefined) {
    if (contentIsList(messages)) return 'trl';
    const missing = layoutColumns.vift.filter((name) => !names.includes(name));
    if (missing.length === 0) return 'vift';
    throw layoutError(file, names, `a vift dataset also needs ${missing.map((name) => `"${name}"`).join(' and ')}`);
  }
  throw layoutError(file, names, 'it has no "messages" (vift, TRL) or "conversations" (LLaVA) column');
}

function layoutError(file: string, names: string[], missing: string): ParquetFileError {
  return new ParquetFileError({
    file,
    message: `its columns (${names.join(', ')}) are not a dataset vift knows: ${missing}`,
    fix: 'write it with vift convert, or rename the columns to the vift (id, images, messages), LLaVA (id, image, conversations) or TRL (messages, images) layout',
  });
}

/** Whether messages' element has a `content` that is itself a list (TRL content parts). */
function contentIsList(messages: ReadNode): boolean {
  const element = messages.children[0]?.children[0] ?? messages.children[0];
  const content = element?.children.find((child) => child.name === 'content');
  return content !== undefined && (content.isList || content.children.length > 0 || content.repetition === 'repeated');
}
