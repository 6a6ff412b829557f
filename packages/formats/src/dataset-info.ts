import type { ShareGptSpelling } from './sharegpt.js';

/**
 * The `dataset_info.json` entry LLaMA-Factory needs to load a ShareGPT file written by vift.
 * The `images` column is named only when the data has images, since LLaMA-Factory reads it from every row.
 */
export function datasetInfoEntry(options: { fileName: string; spelling: ShareGptSpelling; hasImages: boolean; hasSystemColumn?: boolean }) {
  const conversations = options.spelling === 'conversations';
  const columns: Record<string, string> = { messages: conversations ? 'conversations' : 'messages' };
  if (conversations && options.hasSystemColumn === true) columns.system = 'system';
  if (options.hasImages) columns.images = 'images';
  const tags = conversations
    ? { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', system_tag: 'system' }
    : { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' };
  return { file_name: options.fileName, formatting: 'sharegpt', columns, tags };
}

export type DatasetInfoEntry = ReturnType<typeof datasetInfoEntry>;

/** Adds one entry to an existing `dataset_info.json` object, or replaces it where it stands. */
export function mergeDatasetInfo(existing: unknown, name: string, entry: DatasetInfoEntry): Record<string, unknown> {
  const base = typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? existing : {};
  const entries = Object.entries(base).map(([key, value]): [string, unknown] => (key === name ? [key, entry] : [key, value]));
  if (!Object.hasOwn(base, name)) entries.push([name, entry]);
  return Object.fromEntries(entries);
}
