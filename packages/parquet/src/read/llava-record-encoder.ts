import { NotRepresentableError, createLlavaFormat } from '@vift/formats';
import { checkSample } from '@vift/schema';
import { ByteBuffer } from '../byte-buffer.js';
import { llavaLayout } from '../layouts/llava-layout.js';
import { viftLayout } from '../layouts/vift-layout.js';
import type { SchemaNode } from '../schema-tree.js';
import type { RowAssembler } from './assemble-rows.js';
import type { LeafData } from './column-values.js';
import type { ReadLayout } from './detect-layout.js';
import { JsonTextWriter, hasVisibleText } from './json-text-writer.js';
import { leafNodes, type ReadNode } from './read-schema.js';
import { rowToSample } from './row-to-sample.js';

// Leaf positions of the layouts as vift writes them (`leavesOf(layout.schema)` order).
const ID = 0;
const IMAGE_BYTES = 1;
const IMAGE_PATH = 2;
// vift layout: messages (role, content, source × 4, meta), the sample's source × 4, meta.
const VIFT_ROLE = 3;
const VIFT_CONTENT = 4;
const VIFT_TURN_SOURCE = 5;
const VIFT_TURN_META = 9;
const VIFT_SOURCE = 10;
const VIFT_META = 14;
// LLaVA layout: conversations (from, value), meta.
const LLAVA_FROM = 3;
const LLAVA_VALUE = 4;
const LLAVA_META = 5;
// The turn texts, in both layouts.
const TEXT = 4;

const SYSTEM = 0;
const USER = 1;
const ASSISTANT = 2;

const utf8 = (text: string) => new TextEncoder().encode(text);
const roleNames = [utf8('system'), utf8('user'), utf8('assistant')];
const speakerNames = [utf8('system'), utf8('human'), utf8('gpt')];
const recordStart = utf8('{"id":');
const imageKey = utf8(',"image":');
const conversationsKey = utf8(',"conversations":[');
const turnStarts = speakerNames.map((speaker) => utf8(`{"from":"${new TextDecoder().decode(speaker)}","value":`));
const FIXED_ROOM = 64;
const llava = createLlavaFormat();
const IMAGE_PLACEHOLDER = '<image>';
// Marks where each turn's text goes in a record printed without them (a private-use character JSON keeps as it is).
const MARK = '\u{10FFFD}';
const marker = (turn: number) => `${MARK}${turn}${MARK}`;

/**
 * Writes rows of a Parquet file in vift's layouts (vift or LLaVA) as LLaVA JSON records with the turn
 * texts copied from the column bytes, never made into strings: the bytes the general path gives (mapping
 * the row to a sample, checking it, the LLaVA writer's record through `JSON.stringify`).
 *
 * - A row whose record is id, image paths and turns alone (no meta, notes, provenance, image bytes or own
 *   speaker spellings) is written from the bytes with no objects at all.
 * - Any other row is mapped with stand-ins for its texts and printed by the LLaVA writer, and the texts'
 *   bytes go where the stand-ins were.
 *
 * Only rows that pass every sample check are written (duplicate ids are the caller's to check); any other
 * row is left to the general path, which reports what it finds.
 */
export class LlavaRecordEncoder {
  /** How many images the row last written has. */
  images = 0;
  /** What the LLaVA record of the row last written could not hold, with how often; undefined for nothing. */
  losses: Record<string, number> | undefined;
  private readonly text = new JsonTextWriter();
  private readonly idText = new JsonTextWriter();
  private readonly pathText = new JsonTextWriter();
  private readonly nextPositions: Int32Array;
  private readonly nextValuePositions: Int32Array;
  private readonly savedPositions: Int32Array;
  private readonly savedValuePositions: Int32Array;
  private roles = new Uint8Array(16);
  private readonly texts = new ByteBuffer(1 << 16);
  private textSpans = new Int32Array(32);

  private constructor(
    private readonly layout: 'vift' | 'llava',
    private readonly maxDefinitions: Int32Array,
  ) {
    this.nextPositions = new Int32Array(maxDefinitions.length);
    this.nextValuePositions = new Int32Array(maxDefinitions.length);
    this.savedPositions = new Int32Array(maxDefinitions.length);
    this.savedValuePositions = new Int32Array(maxDefinitions.length);
  }

  /** An encoder for a file whose columns are exactly those vift writes for its layout, else undefined. */
  static forFile(layout: ReadLayout, root: ReadNode): LlavaRecordEncoder | undefined {
    if (layout === 'trl') return undefined;
    const schema = layout === 'vift' ? viftLayout.schema : llavaLayout.schema;
    if (!sameNodes(root.children, schema)) return undefined;
    return new LlavaRecordEncoder(layout, Int32Array.from(leafNodes(root), (leaf) => leaf.definitionLevel));
  }

  /**
   * Appends the record of the row at the cursor to `out` and gives its id, or gives undefined and leaves
   * `out` as it was when the row is not one this encoder writes. The cursor stays where it is: call
   * `skipRow` to pass a row that was written, or assemble the row to read it another way.
   */
  encodeRow(row: RowAssembler, out: ByteBuffer, index: number): string | undefined {
    const start = out.length;
    this.losses = undefined;
    if (!this.measureRow(row)) return undefined;
    let id = this.writePlainRecord(row, out);
    if (id === undefined) {
      out.length = start;
      id = this.writeMappedRecord(row, out, index);
    }
    if (id === undefined) out.length = start;
    return id;
  }

  /** Moves the cursor past the row `encodeRow` last wrote. */
  skipRow(row: RowAssembler): void {
    row.positions.set(this.nextPositions);
    row.valuePositions.set(this.nextValuePositions);
  }

  /** Finds where the row ends in every leaf (before the next entry that starts a row); false when a leaf has none left. */
  private measureRow(row: RowAssembler): boolean {
    const { leaves, positions, valuePositions } = row;
    for (let leaf = 0; leaf < leaves.length; leaf++) {
      const { definitions, repetitions, count } = leaves[leaf]!;
      const start = positions[leaf]!;
      if (start >= count) return false;
      const maxDefinition = this.maxDefinitions[leaf]!;
      let end = start;
      let defined = 0;
      do {
        if (definitions[end] === maxDefinition) defined++;
        end++;
      } while (end < count && repetitions[end] !== 0);
      this.nextPositions[leaf] = end;
      this.nextValuePositions[leaf] = valuePositions[leaf]! + defined;
    }
    return true;
  }

  /** The record of a row made of id, image paths and turns alone, written without objects. */
  private writePlainRecord(row: RowAssembler, out: ByteBuffer): string | undefined {
    const { leaves, positions, valuePositions } = row;
    const vift = this.layout === 'vift';
    const speakerLeaf = vift ? VIFT_ROLE : LLAVA_FROM;
    const textLeaf = vift ? VIFT_CONTENT : LLAVA_VALUE;
    const id = leaves[ID]!;
    if (id.definitions[positions[ID]!] !== 1) return undefined;
    if (!(vift ? this.viftRowIsPlain(row) : this.llavaRowIsPlain(row))) return undefined;
    const turns = this.entries(speakerLeaf, positions);
    if (this.entries(textLeaf, positions) !== turns) return undefined;
    const images = this.images;

    // Room for everything at worst, so the bytes below are written without checks.
    const idValue = valuePositions[ID]!;
    const idBytes = id.values.pageBytes(idValue);
    if (idBytes === undefined || id.values.valueEnd(idValue) === id.values.valueStart(idValue)) return undefined;
    let room = FIXED_ROOM + JsonTextWriter.room(idBytes, id.values.valueStart(idValue), id.values.valueEnd(idValue));
    const paths = leaves[IMAGE_PATH]!.values;
    for (let image = 0; image < images; image++) {
      const value = valuePositions[IMAGE_PATH]! + image;
      const bytes = paths.pageBytes(value);
      if (bytes === undefined) return undefined;
      room += 1 + JsonTextWriter.room(bytes, paths.valueStart(value), paths.valueEnd(value));
    }
    const speakers = leaves[speakerLeaf]!;
    const texts = leaves[textLeaf]!;
    if (this.roles.length < turns) this.roles = new Uint8Array(turns);
    for (let turn = 0; turn < turns; turn++) {
      if (speakers.definitions[positions[speakerLeaf]! + turn] !== 4 || texts.definitions[positions[textLeaf]! + turn] !== 4) return undefined;
      const speaker = valuePositions[speakerLeaf]! + turn;
      const role = roleOf(speakers.values.pageBytes(speaker), speakers.values.valueStart(speaker), speakers.values.valueEnd(speaker), vift ? roleNames : speakerNames);
      if (role < 0) return undefined;
      this.roles[turn] = role;
      const value = valuePositions[textLeaf]! + turn;
      const bytes = texts.values.pageBytes(value);
      if (bytes === undefined || !hasVisibleText(bytes, texts.values.valueStart(value), texts.values.valueEnd(value))) return undefined;
      room += FIXED_ROOM + JsonTextWriter.room(bytes, texts.values.valueStart(value), texts.values.valueEnd(value));
    }
    if (!rolesInOrder(this.roles, turns)) return undefined;

    out.reserve(room);
    const target = out.bytes;
    let at = put(target, out.length, recordStart);
    at = this.idText.write(idBytes, id.values.valueStart(idValue), id.values.valueEnd(idValue), target, at);
    if (at < 0) return undefined;
    if (images > 0) {
      at = put(target, at, imageKey);
      if (images > 1) target[at++] = 0x5b; // [
      for (let image = 0; image < images; image++) {
        if (image > 0) target[at++] = 0x2c; // ,
        const value = valuePositions[IMAGE_PATH]! + image;
        at = this.pathText.write(paths.pageBytes(value)!, paths.valueStart(value), paths.valueEnd(value), target, at);
        if (at < 0) return undefined;
      }
      if (images > 1) target[at++] = 0x5d; // ]
    }
    at = put(target, at, conversationsKey);
    let placeholders = 0;
    for (let turn = 0; turn < turns; turn++) {
      if (turn > 0) target[at++] = 0x2c;
      const role = this.roles[turn]!;
      at = put(target, at, turnStarts[role]!);
      const value = valuePositions[textLeaf]! + turn;
      at = this.text.write(texts.values.pageBytes(value)!, texts.values.valueStart(value), texts.values.valueEnd(value), target, at);
      if (at < 0) return undefined;
      // "<image>" belongs in user turns only, one for each image.
      if (this.text.placeholders > 0 && role !== USER) return undefined;
      placeholders += this.text.placeholders;
      target[at++] = 0x7d; // }
    }
    if (placeholders !== images) return undefined;
    target[at++] = 0x5d;
    target[at++] = 0x7d;
    out.length = at;
    return id.values.get(idValue) as string;
  }

  /**
   * Any other row: mapped to a sample with stand-ins for its texts (each as many placeholders as the text
   * holds, then a marker), checked, printed by the LLaVA writer with markers for texts, and the texts'
   * JSON put in place of the markers.
   */
  private writeMappedRecord(row: RowAssembler, out: ByteBuffer, index: number): string | undefined {
    const { leaves, positions, valuePositions } = row;
    const texts = leaves[TEXT]!.values;
    const first = valuePositions[TEXT]!;
    const count = this.nextValuePositions[TEXT]! - first;
    if (this.textSpans.length < 2 * count) this.textSpans = new Int32Array(4 * count);
    const spans = this.textSpans;
    const written = this.texts;
    written.clear();
    const standIns: string[] = [];
    for (let turn = 0; turn < count; turn++) {
      const value = first + turn;
      const bytes = texts.pageBytes(value);
      if (bytes === undefined) return undefined;
      const start = texts.valueStart(value);
      const end = texts.valueEnd(value);
      // A blank text is an issue of the general path's to report.
      if (!hasVisibleText(bytes, start, end)) return undefined;
      written.reserve(JsonTextWriter.room(bytes, start, end));
      const textEnd = this.text.write(bytes, start, end, written.bytes, written.length);
      if (textEnd < 0) return undefined;
      // Inside the quotes.
      spans[2 * turn] = written.length + 1;
      spans[2 * turn + 1] = textEnd - 1;
      written.length = textEnd;
      standIns.push(IMAGE_PLACEHOLDER.repeat(this.text.placeholders) + marker(turn));
    }

    this.savedPositions.set(positions);
    this.savedValuePositions.set(valuePositions);
    let values: Record<string, unknown>;
    try {
      values = row.nextWithStandIns(TEXT, standIns);
    } finally {
      this.nextPositions.set(positions);
      this.nextValuePositions.set(valuePositions);
      positions.set(this.savedPositions);
      valuePositions.set(this.savedValuePositions);
    }
    // Texts put back from meta (originals of strings that were not valid UTF-16) are not the column's.
    if (holdsTextRepairs(values.meta)) return undefined;
    const sample = rowToSample(this.layout, values, index).sample;
    if (sample === undefined || sample.turns.length !== count) return undefined;
    for (let turn = 0; turn < count; turn++) if (sample.turns[turn]!.text !== standIns[turn]) return undefined;
    if (checkSample(sample, index).length > 0) return undefined;

    for (let turn = 0; turn < count; turn++) sample.turns[turn]!.text = marker(turn);
    let losses: Record<string, number> | undefined;
    let record: unknown;
    try {
      record = llava.toRecord(sample, (field) => {
        losses ??= {};
        losses[field] = (losses[field] ?? 0) + 1;
      });
    } catch (error) {
      if (NotRepresentableError.isInstance(error)) return undefined;
      throw error;
    }
    const parts = JSON.stringify(record).split(MARK);
    if (parts.length !== 2 * count + 1) return undefined;
    for (let turn = 0; turn < count; turn++) {
      if (parts[2 * turn + 1] !== String(turn) || !parts[2 * turn]!.endsWith('"') || !parts[2 * turn + 2]!.startsWith('"')) return undefined;
    }
    for (let turn = 0; turn <= count; turn++) {
      out.writeUtf8(parts[2 * turn]!);
      if (turn === count) break;
      const view = written.bytes.subarray(spans[2 * turn]!, spans[2 * turn + 1]!);
      out.writeBytes(view);
    }
    this.images = sample.images.length;
    this.losses = losses;
    return sample.id;
  }

  /**
   * vift layout: images that are all paths (or none), turns with neither source nor meta, and neither
   * source nor meta for the sample. Sets `images`.
   */
  private viftRowIsPlain(row: RowAssembler): boolean {
    const { leaves, positions } = row;
    for (let leaf = VIFT_SOURCE; leaf <= VIFT_META; leaf++) if (leaves[leaf]!.definitions[positions[leaf]!] !== 0) return false;
    // Definition 1: an empty list; 3: an element whose field is null; 4: a value.
    const entries = this.entries(IMAGE_PATH, positions);
    if (this.entries(IMAGE_BYTES, positions) !== entries) return false;
    const paths = leaves[IMAGE_PATH]!.definitions;
    const bytes = leaves[IMAGE_BYTES]!.definitions;
    const pathStart = positions[IMAGE_PATH]!;
    const bytesStart = positions[IMAGE_BYTES]!;
    if (paths[pathStart] === 1 && bytes[bytesStart] === 1) {
      if (entries !== 1) return false;
      this.images = 0;
    } else {
      for (let image = 0; image < entries; image++) if (paths[pathStart + image] !== 4 || bytes[bytesStart + image] !== 3) return false;
      this.images = entries;
    }
    const turns = this.entries(VIFT_ROLE, positions);
    for (let leaf = VIFT_TURN_SOURCE; leaf <= VIFT_TURN_META; leaf++) {
      if (this.entries(leaf, positions) !== turns) return false;
      const definitions = leaves[leaf]!.definitions;
      const start = positions[leaf]!;
      for (let turn = 0; turn < turns; turn++) if (definitions[start + turn] !== 3) return false;
    }
    return true;
  }

  /** LLaVA layout: no image or one with a path and no bytes, and no meta (which holds every note). Sets `images`. */
  private llavaRowIsPlain(row: RowAssembler): boolean {
    const { leaves, positions } = row;
    if (leaves[LLAVA_META]!.definitions[positions[LLAVA_META]!] !== 0) return false;
    const bytes = leaves[IMAGE_BYTES]!.definitions[positions[IMAGE_BYTES]!];
    const path = leaves[IMAGE_PATH]!.definitions[positions[IMAGE_PATH]!];
    if (bytes === 0 && path === 0) this.images = 0;
    else if (bytes === 1 && path === 2) this.images = 1;
    else return false;
    return true;
  }

  /** The row's entries in a leaf, as `measureRow` found them. */
  private entries(leaf: number, positions: Int32Array): number {
    return this.nextPositions[leaf]! - positions[leaf]!;
  }
}

function holdsTextRepairs(meta: unknown): boolean {
  if (typeof meta !== 'string') return false;
  try {
    const parsed: unknown = JSON.parse(meta);
    return typeof parsed === 'object' && parsed !== null && Object.hasOwn(parsed, 'vift:text');
  } catch {
    return false;
  }
}

/** Whether the file's top-level nodes are exactly the layout's (names, every field optional, lists, text). */
function sameNodes(nodes: readonly ReadNode[], schema: readonly SchemaNode[]): boolean {
  return nodes.length === schema.length && nodes.every((node, index) => sameNode(node, schema[index]!));
}

function sameNode(node: ReadNode, spec: SchemaNode): boolean {
  if (node.name !== spec.name || node.repetition !== 'optional') return false;
  const element = node.element;
  switch (spec.kind) {
    case 'string':
    case 'binary': {
      if (node.children.length > 0 || element?.type !== 6) return false;
      const isText = element.convertedType === 0 || element.logicalType === 1;
      return isText === (spec.kind === 'string');
    }
    case 'struct':
      return !node.isList && sameNodes(node.children, spec.children);
    case 'list': {
      const repeated = node.children[0];
      return (
        node.isList &&
        node.children.length === 1 &&
        repeated !== undefined &&
        repeated.name === 'list' &&
        repeated.repetition === 'repeated' &&
        repeated.children.length === 1 &&
        sameNode(repeated.children[0]!, { ...spec.element, name: 'element' })
      );
    }
  }
}

/** The index of the name the bytes spell, or -1 (also for a value that is not a byte span). */
function roleOf(bytes: Uint8Array | undefined, start: number, end: number, names: readonly Uint8Array[]): number {
  if (bytes === undefined) return -1;
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    if (end - start !== name.length) continue;
    let offset = 0;
    while (offset < name.length && bytes[start + offset] === name[offset]) offset++;
    if (offset === name.length) return index;
  }
  return -1;
}

/** The dialog rule of the sample checks: an optional system turn, then user and assistant alternating, ending with the assistant. */
function rolesInOrder(roles: Uint8Array, turns: number): boolean {
  if (turns === 0) return false;
  let expected = USER;
  for (let turn = 0; turn < turns; turn++) {
    const role = roles[turn]!;
    if (role === SYSTEM) {
      if (turn !== 0) return false;
    } else if (role !== expected) {
      return false;
    } else {
      expected = expected === USER ? ASSISTANT : USER;
    }
  }
  return roles[turns - 1] === ASSISTANT;
}

function put(target: Uint8Array, at: number, bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; index++) target[at + index] = bytes[index]!;
  return at + bytes.length;
}
