import { IMAGE_PLACEHOLDER, type ImageRef, type JsonValue, type Sample, type Turn } from '@vift/schema';
import { joinPieces, splitPieces, type ContentPiece } from './content-pieces.js';
import { failed, succeeded, type FormatAdapter, type FromRecordResult } from './format-adapter.js';
import { imagePaths } from './image-paths.js';
import {
  describeType,
  extraEntries,
  fidelityKeys,
  isPlainObject,
  IssueCollector,
  objectInOrder,
  readFidelity,
  readId,
  readChatRole,
  withSourceAndMeta,
  writeId,
  writeProvenance,
  type LossTally,
  type PlainObject,
  type RecordPlace,
} from './record-fields.js';

/**
 * TRL's conversational vision format (as in SFTTrainer's vision examples): `messages` whose `content` is a
 * list of parts `{type: "image"}` and `{type: "text", text}`, with the images, in order, in `images`.
 */
export type TrlRecord = {
  messages: Array<{ role: string; content: TrlPart[] | string }>;
  images?: string[];
  [extra: string]: unknown;
};
export type TrlPart = { type: 'image' } | { type: 'text'; text: string };

const noteKey = fidelityKeys.trl;
const recordOrder = ['id', 'messages', 'images', 'source'];
const turnOrder = ['role', 'content', 'source'];

export function createTrlFormat(): FormatAdapter<TrlRecord> {
  return {
    specificationVersion: 'v1',
    id: 'trl',
    label: 'TRL messages with content parts (messages[role, content[type]], images)',
    defaultContainer: 'jsonl',
    writesBackExactly: true,
    detect: (record) => {
      if (!isPlainObject(record) || !Array.isArray(record.messages)) return false;
      const parts = record.messages.flatMap((message) => (isPlainObject(message) && Array.isArray(message.content) ? message.content : []));
      // Text parts alone are also OpenAI's; an image_url part is OpenAI's only.
      return parts.some(isTrlPart) && !parts.some((part) => isPlainObject(part) && part.type === 'image_url');
    },
    fromRecord: readTrlRecord,
    toRecord: writeTrlRecord,
  };
}

function isTrlPart(part: unknown): boolean {
  return isPlainObject(part) && (part.type === 'text' || part.type === 'image');
}

function readTrlRecord(record: unknown, place: RecordPlace): FromRecordResult {
  const issues = new IssueCollector(place);
  if (!isPlainObject(record)) {
    issues.add('invalid-structure', 'record', `expected an object, found ${describeType(record)}`);
    return failed(issues.issues);
  }
  const id = readId(record.id, place.index, issues);
  if (id !== undefined) issues.sampleId = id.id;
  const images = readImageList(record.images, issues);
  const messages = record.messages;
  if (!Array.isArray(messages)) {
    issues.add('invalid-structure', 'messages', `expected a list of {role, content} messages, ${messages === undefined ? 'it is missing' : `found ${describeType(messages)}`}`);
    return failed(issues.issues);
  }
  const turns: Turn[] = [];
  messages.forEach((message, turnIndex) => {
    const turn = readMessage(message, turnIndex, issues);
    if (turn !== undefined) turns.push(turn);
  });
  if (id === undefined || images === undefined || turns.length !== messages.length) return failed(issues.issues);

  const sample: Sample = { id: id.id, images: images.images, turns };
  return succeeded(withSourceAndMeta(sample, record, recordOrder, noteKey, { id: id.form, images: images.form }));
}

function readImageList(value: unknown, issues: IssueCollector): { images: ImageRef[]; form: JsonValue | undefined } | undefined {
  if (value === undefined) return { images: [], form: undefined };
  if (!Array.isArray(value)) {
    issues.add('invalid-structure', 'images', `expected a list of image paths, found ${describeType(value)}`);
    return undefined;
  }
  const images: ImageRef[] = [];
  value.forEach((image, imageIndex) => {
    // Hugging Face `datasets` writes Image features to JSON as {bytes: null, path}.
    const path = isPlainObject(image) ? image.path : image;
    if (typeof path === 'string') images.push({ path });
    else issues.add('invalid-structure', `images[${imageIndex}]`, `expected an image path, found ${describeType(image)}`);
  });
  if (images.length !== value.length) return undefined;
  // Image objects are noted with their path left out (it is in the sample), so they are written back alike.
  if (value.some(isPlainObject)) return { images, form: value.map((image) => (isPlainObject(image) ? ({ ...image, path: null } as JsonValue) : null)) };
  return { images, form: images.length === 0 ? 'empty' : undefined };
}

function readMessage(message: unknown, turnIndex: number, issues: IssueCollector): Turn | undefined {
  const path = `messages[${turnIndex}]`;
  if (!isPlainObject(message)) {
    issues.add('invalid-structure', path, `expected a {role, content} object, found ${describeType(message)}`, turnIndex);
    return undefined;
  }
  const { role, content } = message;
  const knownRole = readChatRole(role, `${path}.role`, turnIndex, issues);
  const text = readContent(content, `${path}.content`, turnIndex, issues);
  if (knownRole === undefined || text === undefined) return undefined;
  const facts = { content: text.form, parts: text.parts };
  return withSourceAndMeta<Turn>({ role: knownRole, text: text.text }, message, turnOrder, noteKey, facts);
}

function readContent(
  content: unknown,
  path: string,
  turnIndex: number,
  issues: IssueCollector,
): { text: string; form: string | undefined; parts?: JsonValue } | undefined {
  // A string with "<image>" in it is noted apart: the writer turns the placeholders of a plain string into parts.
  if (typeof content === 'string') return { text: content, form: content.includes(IMAGE_PLACEHOLDER) ? 'string-with-placeholder' : 'string' };
  if (!Array.isArray(content)) {
    issues.add('invalid-structure', path, `expected a list of content parts, found ${describeType(content)}`, turnIndex);
    return undefined;
  }
  const pieces: ContentPiece[] = [];
  content.forEach((part, partIndex) => {
    // Hugging Face datasets fill the fields a part lacks with null ({type: "image", text: null, index: 0}).
    const type = isPlainObject(part) ? part.type : undefined;
    if (type === 'image') pieces.push({ kind: 'image' });
    else if (type === 'text' && isPlainObject(part) && typeof part.text === 'string') pieces.push({ kind: 'text', text: part.text });
    else issues.add('invalid-structure', `${path}[${partIndex}]`, 'expected {type: "image"} or {type: "text", text}', turnIndex);
  });
  if (pieces.length !== content.length) return undefined;
  const text = joinPieces(pieces);
  // Parts that `toParts` would not give back (empty or adjacent text parts, "<image>" inside a text part,
  // fields such as the nulls of Hugging Face datasets) are kept as they are.
  return { text, form: undefined, parts: isCanonical(content, toParts(text)) ? undefined : (content as JsonValue) };
}

function isCanonical(content: unknown[], parts: readonly TrlPart[]): boolean {
  return (
    content.length === parts.length &&
    content.every((part, partIndex) => {
      const expected = parts[partIndex]!;
      if (!isPlainObject(part)) return false;
      const keys = Object.keys(part);
      if (expected.type === 'image') return keys.length === 1 && part.type === 'image';
      return keys.length === 2 && keys[0] === 'type' && part.type === 'text' && part.text === expected.text;
    })
  );
}

function writeTrlRecord(sample: Sample, losses?: LossTally): TrlRecord {
  const note = readFidelity(sample.meta, noteKey);
  const entries: Array<[string, unknown]> = [];
  const id = writeId(sample.id, note.id);
  if (id !== undefined) entries.push(['id', id]);
  entries.push(['messages', sample.turns.map((turn, turnIndex) => writeMessage(turn, turnIndex, losses))]);
  const paths = imagePaths(sample, 'TRL JSON', losses);
  if (paths.length > 0 || note.images === 'empty') entries.push(['images', writeImageList(paths, note.images)]);
  if (sample.source !== undefined) entries.push(['source', writeProvenance(sample.source)]);
  const reserved = sample.source === undefined ? recordOrder.slice(0, 3) : recordOrder;
  entries.push(...extraEntries(sample.meta, reserved, losses, ''));
  return objectInOrder(entries, note.keys) as TrlRecord;
}

/** The paths, as image objects where the record had them (see `readImageList`). */
function writeImageList(paths: string[], noted: unknown): unknown[] {
  if (!Array.isArray(noted) || noted.length !== paths.length) return paths;
  return paths.map((path, imageIndex) => {
    const shape = noted[imageIndex];
    if (!isPlainObject(shape)) return path;
    return Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, key === 'path' ? path : value]));
  });
}

function writeMessage(turn: Turn, turnIndex: number, losses?: LossTally): PlainObject {
  const note = readFidelity(turn.meta, noteKey);
  // Noted parts are written only while they still spell the turn's text.
  const notedParts = Array.isArray(note.parts) && readContent(note.parts, '', turnIndex, new IssueCollector({ index: 0 }))?.text === turn.text;
  const asString = note.content === 'string-with-placeholder' || (note.content === 'string' && !turn.text.includes(IMAGE_PLACEHOLDER));
  const content = notedParts ? note.parts : asString ? turn.text : toParts(turn.text);
  const entries: Array<[string, unknown]> = [
    ['role', turn.role],
    ['content', content],
  ];
  if (turn.source !== undefined) entries.push(['source', writeProvenance(turn.source)]);
  const reserved = turn.source === undefined ? turnOrder.slice(0, 2) : turnOrder;
  entries.push(...extraEntries(turn.meta, reserved, losses, `turns[${turnIndex}].`));
  return objectInOrder(entries, note.keys);
}

export function toParts(text: string): TrlPart[] {
  return splitPieces(text).map((piece) => (piece.kind === 'image' ? { type: 'image' } : { type: 'text', text: piece.text }));
}
