import type { JsonObject } from '@vift/schema';

/** Keys under which the layouts keep vift's own notes in a row's meta JSON. */
const noteKeys: ReadonlySet<string> = new Set(['vift:images', 'vift:meta-empty', 'vift:source', 'vift:text', 'vift:turns']);
const escape = 'vift:meta:';

const needsEscape = (key: string) => noteKeys.has(key) || key.startsWith(escape);

/**
 * A sample's meta as a row's meta holds it: a key of the sample's own that is spelled like one of vift's
 * notes (or like an escaped key) gets the prefix "vift:meta:", so the reader cannot take it for a note.
 * Key order is kept.
 */
export function escapeMetaKeys(meta: JsonObject): JsonObject {
  if (!Object.keys(meta).some(needsEscape)) return meta;
  return Object.fromEntries(Object.entries(meta).map(([key, value]) => [needsEscape(key) ? `${escape}${key}` : key, value]));
}

/** The sample's meta from a row's meta whose notes were taken out: escaped keys lose one prefix. */
export function unescapeMetaKeys(meta: JsonObject): JsonObject {
  if (!Object.keys(meta).some((key) => key.startsWith(escape))) return meta;
  return Object.fromEntries(Object.entries(meta).map(([key, value]) => [key.startsWith(escape) ? key.slice(escape.length) : key, value]));
}
