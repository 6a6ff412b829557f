import { decodeJsonValue } from './decode-json-value.js';
import { JsonMemberSplitter, type JsonMemberType, type JsonPiece } from './json-member-splitter.js';
import { DEFAULT_CHUNK_BYTES, readFileChunks } from './read-file-chunks.js';

/** 64 MiB: far above any record of the public annotation sets, far below V8's string limit. */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 2 ** 20;

/** One value of a top-level object's members: an element of an array member, or a whole other member. */
export type JsonMemberItem = {
  /** The member's name (`annotations`, `info`...). */
  key: string;
  /** The element's index in the array member; -1 for a member whose value is not an array. */
  index: number;
  /** Where the value starts in the file. */
  byteOffset: number;
  /** The parsed value. */
  value: unknown;
  /** The names of the objects the member sits in: empty at the top level, `['data']` inside a nested `data` object. */
  path: readonly string[];
};

/** A member as it starts, before any of its values: lets a reader tell an empty array from a missing one. */
export type JsonMemberStart = { key: string; path: readonly string[]; type: JsonMemberType; byteOffset: number };

export type ReadJsonMembersOptions = {
  /**
   * Only members with these names are parsed and yielded; the others are scanned byte by byte and
   * dropped, which is faster and keeps their values out of memory. Default: every member.
   */
  keys?: readonly string[];
  /**
   * Members with these names whose value is an object are streamed member by member too (their items
   * carry the name in `path`), for files like `{"data": {"dialogs": [...]}}`.
   */
  nested?: readonly string[];
  /** Called as each member starts (whether or not `keys` keeps it). */
  onMember?: (member: JsonMemberStart) => void;
  /** Called after each chunk with the bytes read so far. */
  onBytes?: (bytesRead: number) => void;
  /** A value larger than this throws instead of being held in memory (default 64 MiB). */
  maxRecordBytes?: number;
  /** Read size (default 1 MiB); tests use small ones. */
  chunkBytes?: number;
};

/**
 * Streams a JSON file whose top level is an object, such as a COCO or VQA annotation file, yielding each
 * element of its array members and each other member's value as one item (index -1), in file order.
 * Memory stays bounded by the chunk and the largest element, not the file, so files beyond V8's string
 * limit read fine. Each value is decoded on its own as strict UTF-8 JSON.
 *
 * Throws `SourceFileError` naming the file and the byte for a missing file, a top level that is not an
 * object, invalid JSON or UTF-8, and a file cut short.
 *
 * @example
 * for await (const item of readJsonMembers('instances_val2017.json', { keys: ['annotations'] })) {
 *   console.log(item.index, (item.value as { bbox: number[] }).bbox);
 * }
 */
export async function* readJsonMembers(file: string, options: ReadJsonMembersOptions = {}): AsyncGenerator<JsonMemberItem> {
  const splitter = new JsonMemberSplitter({
    file,
    maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    ...(options.keys === undefined ? {} : { keys: new Set(options.keys) }),
    ...(options.nested === undefined ? {} : { nested: new Set(options.nested) }),
  });
  const pieces: JsonPiece[] = [];
  let bytesRead = 0;
  for await (const chunk of readFileChunks(file, options.chunkBytes ?? DEFAULT_CHUNK_BYTES)) {
    splitter.push(chunk, pieces);
    bytesRead += chunk.length;
    options.onBytes?.(bytesRead);
    // Emptied before yielding: a consumer that stops early leaves nothing queued behind.
    const ready = pieces.splice(0);
    for (const piece of ready) {
      const item = toItem(file, piece, options);
      if (item !== undefined) yield item;
    }
  }
  splitter.end();
}

function toItem(file: string, piece: JsonPiece, options: ReadJsonMembersOptions): JsonMemberItem | undefined {
  if (piece.kind === 'member') {
    options.onMember?.({ key: piece.key, path: piece.path, type: piece.type, byteOffset: piece.byteOffset });
    return undefined;
  }
  const value = decodeJsonValue(piece.bytes, { file, key: piece.key, index: piece.index, byteOffset: piece.byteOffset });
  return { key: piece.key, index: piece.index, byteOffset: piece.byteOffset, value, path: piece.path };
}
