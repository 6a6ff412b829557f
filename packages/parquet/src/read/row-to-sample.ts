import { createTrlFormat } from '@vift/formats';
import type { ImageRef, JsonObject, JsonValue, Provenance, Sample, Turn, ValidationIssue } from '@vift/schema';
import type { ReadLayout } from './detect-layout.js';
import { unescapeMetaKeys } from '../meta-keys.js';
import { toJsonValue } from './json-safe.js';
import { applyImageExtras, applyTextRepairs, parseMetaJson, takeNote } from './meta-notes.js';
import { RowIssues, describeValue } from './row-issues.js';

export type RowSample = { sample: Sample | undefined; issues: ValidationIssue[] };

type Row = Record<string, unknown>;

const roles: ReadonlySet<string> = new Set(['system', 'user', 'assistant']);
const roleOfSpeaker: Record<string, Turn['role']> = { human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant', system: 'system' };
const canonicalSpeaker: Record<Turn['role'], string> = { user: 'human', assistant: 'gpt', system: 'system' };
const provenanceFields = ['dataset', 'task', 'template', 'annotationId'] as const;

/** Maps one row (as hyparquet assembles it: nested lists and structs) of a known layout to a sample. */
export function rowToSample(layout: ReadLayout, row: Row, index: number): RowSample {
  const issues = new RowIssues(index);
  const sample = layout === 'vift' ? viftRow(row, issues) : layout === 'llava' ? llavaRow(row, issues) : trlRow(row, index, issues);
  return issues.issues.length === 0 ? { sample, issues: [] } : { sample: undefined, issues: issues.issues };
}

function readId(value: unknown, index: number, issues: RowIssues): string {
  if (typeof value === 'string') return (issues.sampleId = value);
  if (typeof value === 'number' || typeof value === 'bigint') return (issues.sampleId = String(value));
  if (value === null || value === undefined) return String(index);
  issues.add('id', `expected text, found ${describeValue(value)}`);
  return String(index);
}

function readImage(value: unknown, path: string, issues: RowIssues): ImageRef | undefined {
  if (typeof value === 'string') return { path: value };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.add(path, `expected an image struct {bytes, path}, found ${describeValue(value)}`);
    return undefined;
  }
  const { bytes, path: imagePath } = value as { bytes?: unknown; path?: unknown };
  const image: ImageRef = {};
  if (bytes instanceof Uint8Array) image.bytes = bytes;
  else if (bytes !== null && bytes !== undefined) issues.add(`${path}.bytes`, `expected bytes, found ${describeValue(bytes)}`);
  if (typeof imagePath === 'string') image.path = imagePath;
  else if (imagePath !== null && imagePath !== undefined) issues.add(`${path}.path`, `expected text, found ${describeValue(imagePath)}`);
  return image;
}

function readList(value: unknown, path: string, issues: RowIssues): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && value !== undefined) issues.add(path, `expected a list, found ${describeValue(value)}`);
  return [];
}

function readProvenance(value: unknown, path: string, issues: RowIssues): Provenance | undefined {
  if (value === null || value === undefined) return undefined;
  const struct = value as Record<string, unknown>;
  if (typeof struct.dataset !== 'string' || struct.dataset === '') {
    issues.add(`${path}.dataset`, 'a source needs the dataset it came from');
    return undefined;
  }
  const provenance: Record<string, string> = {};
  for (const field of provenanceFields) {
    const fieldValue = struct[field];
    if (typeof fieldValue === 'string') provenance[field] = fieldValue;
  }
  return provenance as Provenance;
}

/** Sample meta after vift's notes are taken out (its own keys unescaped), or undefined when nothing is left. */
function remainingMeta(meta: JsonObject | undefined): JsonObject | undefined {
  if (meta === undefined) return undefined;
  // An empty meta of the sample's own is kept: written as "{}", or marked when notes were written beside it.
  const markedEmpty = takeNote(meta, 'vift:meta-empty') === true;
  if (Object.keys(meta).length > 0) return unescapeMetaKeys(meta);
  return markedEmpty || emptyWhenParsed.has(meta) ? {} : undefined;
}

/** Meta objects that were "{}" in the file, before any note was taken out. */
const emptyWhenParsed = new WeakSet<JsonObject>();

function parseRowMeta(value: unknown, path: string, issues: RowIssues): JsonObject | undefined {
  const meta = parseMetaJson(value, path, issues);
  if (meta !== undefined && Object.keys(meta).length === 0) emptyWhenParsed.add(meta);
  return meta;
}

function viftRow(row: Row, issues: RowIssues): Sample {
  const id = readId(row.id, issues.index, issues);
  const images = readList(row.images, 'images', issues).map((image, imageIndex) => readImage(image, `images[${imageIndex}]`, issues) ?? {});
  const turns = readList(row.messages, 'messages', issues).map((message, turnIndex): Turn => {
    const path = `messages[${turnIndex}]`;
    const { role, content, source, meta } = (message ?? {}) as Record<string, unknown>;
    if (typeof role !== 'string' || !roles.has(role)) issues.add(`${path}.role`, `${JSON.stringify(role ?? null)} is not one of system, user, assistant`, typeof role === 'string' ? 'unknown-role' : 'invalid-structure');
    if (typeof content !== 'string') issues.add(`${path}.content`, `expected the turn text, found ${describeValue(content)}`);
    const turn: Turn = { role: role as Turn['role'], text: content as string };
    const provenance = readProvenance(source, `${path}.source`, issues);
    if (provenance !== undefined) turn.source = provenance;
    const turnMeta = parseMetaJson(meta, `${path}.meta`, issues);
    if (turnMeta !== undefined) turn.meta = turnMeta;
    return turn;
  });
  const sample: Sample = { id, images, turns };
  const source = readProvenance(row.source, 'source', issues);
  if (source !== undefined) sample.source = source;
  const meta = parseRowMeta(row.meta, 'meta', issues);
  applyImageExtras(images, takeNote(meta, 'vift:images'));
  const repairs = takeNote(meta, 'vift:text');
  const rest = remainingMeta(meta);
  if (rest !== undefined) sample.meta = rest;
  applyTextRepairs(sample, repairs);
  return sample;
}

const llavaColumns = new Set(['id', 'image', 'conversations', 'meta']);

function llavaRow(row: Row, issues: RowIssues): Sample {
  const id = readId(row.id, issues.index, issues);
  const images: ImageRef[] = [];
  if (row.image !== null && row.image !== undefined) {
    const image = readImage(row.image, 'image', issues);
    if (image !== undefined && (image.bytes !== undefined || image.path !== undefined)) images.push(image);
  }
  const meta = parseRowMeta(row.meta, 'meta', issues);
  const turnNotes = takeNote(meta, 'vift:turns');
  const turns = readList(row.conversations, 'conversations', issues).map((item, turnIndex): Turn => {
    const path = `conversations[${turnIndex}]`;
    const { from, value } = (item ?? {}) as Record<string, unknown>;
    const role = typeof from === 'string' && Object.hasOwn(roleOfSpeaker, from) ? roleOfSpeaker[from]! : undefined;
    if (role === undefined) issues.add(`${path}.from`, `${JSON.stringify(from ?? null)} is not a LLaVA speaker (human, gpt, system)`, typeof from === 'string' ? 'unknown-role' : 'invalid-structure');
    if (typeof value !== 'string') issues.add(`${path}.value`, `expected the turn text, found ${describeValue(value)}`);
    const turn: Turn = { role: role ?? 'user', text: value as string };
    const note = Array.isArray(turnNotes) ? turnNotes[turnIndex] : undefined;
    if (typeof note === 'object' && note !== null && !Array.isArray(note)) {
      const provenance = readProvenance(note.source, `${path}.source`, issues);
      if (provenance !== undefined) turn.source = provenance;
      if (typeof note.meta === 'object' && note.meta !== null && !Array.isArray(note.meta)) turn.meta = note.meta;
    } else if (role !== undefined && from !== canonicalSpeaker[role]) {
      // A LLaVA file spelled this speaker its own way ("user" for "human"); keep the spelling.
      turn.meta = { 'vift:llava': { from: from as string } };
    }
    return turn;
  });
  const sample: Sample = { id, images, turns };
  const source = readProvenance(takeNote(meta, 'vift:source'), 'source', issues);
  if (source !== undefined) sample.source = source;
  applyImageExtras(images, takeNote(meta, 'vift:images'));
  const repairs = takeNote(meta, 'vift:text');
  const rest = withOtherColumns(remainingMeta(meta), row, llavaColumns);
  if (rest !== undefined) sample.meta = rest;
  applyTextRepairs(sample, repairs);
  return sample;
}

const trlFormat = createTrlFormat();
const trlColumns = new Set(['id', 'messages', 'images']);

function trlRow(row: Row, index: number, issues: RowIssues): Sample | undefined {
  const images = readList(row.images, 'images', issues).map((image, imageIndex) => readImage(image, `images[${imageIndex}]`, issues) ?? {});
  // The TRL adapter reads the messages (content parts, fidelity); the images come from the row itself.
  const record = {
    ...(row.id === null || row.id === undefined ? {} : { id: toJsonValue(row.id) }),
    messages: toJsonValue(row.messages),
    images: images.map((_, imageIndex) => `image-${imageIndex}`),
  };
  const mapped = trlFormat.fromRecord(record, { index });
  for (const issue of mapped.issues) issues.issues.push(issue);
  if (mapped.sample === undefined) return undefined;
  const sample: Sample = { ...mapped.sample, images };
  const meta = withOtherColumns(mapped.sample.meta, row, trlColumns);
  if (meta !== undefined) sample.meta = meta;
  return sample;
}

/** Columns a layout does not model (e.g. a Hub dataset's "data_source") travel in meta. */
function withOtherColumns(meta: JsonObject | undefined, row: Row, known: ReadonlySet<string>): JsonObject | undefined {
  let result = meta;
  for (const [column, value] of Object.entries(row)) {
    if (known.has(column)) continue;
    result = { ...result, [column]: toJsonValue(value) as JsonValue };
  }
  return result;
}
