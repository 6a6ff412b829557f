import { IMAGE_PLACEHOLDER, type ImageRef, type JsonValue, type Sample, type Turn } from '@vift/schema';
import { base64ToBytes, bytesToBase64, sniffImageType } from './base64.js';
import { splitPieces } from './content-pieces.js';
import { failed, succeeded, type FormatAdapter, type FromRecordResult } from './format-adapter.js';
import { reportImageExtras } from './image-paths.js';
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
  type RecordPlace,
} from './record-fields.js';

/**
 * OpenAI chat fine-tuning records: `{messages: [{role, content}]}` where a user message with images has
 * content parts `{type: "text", text}` and `{type: "image_url", image_url: {url}}`. Image bytes travel as
 * data URLs. The upload format has no id or other fields; `extras: true` writes them anyway (id, source,
 * meta) for a lossless round trip through files that are not uploaded.
 */
export type OpenAiRecord = { messages: OpenAiMessage[]; [extra: string]: unknown };
export type OpenAiMessage = { role: string; content: string | OpenAiPart[]; [extra: string]: unknown };
export type OpenAiPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

const noteKey = fidelityKeys.openai;
const recordOrder = ['id', 'messages', 'source'];
const turnOrder = ['role', 'content', 'source'];
// Fields the upload format itself defines: written back even without `extras`.
const uploadRecordFields = ['tools', 'parallel_tool_calls', 'functions'];
const uploadMessageFields = ['name', 'weight'];

export function createOpenAiFormat(options: { extras?: boolean } = {}): FormatAdapter<OpenAiRecord> {
  const extras = options.extras === true;
  return {
    specificationVersion: 'v1',
    id: 'openai',
    label: 'OpenAI chat messages (messages[role, content | parts with image_url])',
    defaultContainer: 'jsonl',
    detect: (record) =>
      isPlainObject(record) &&
      Array.isArray(record.messages) &&
      record.messages.every((message) => isPlainObject(message) && 'role' in message && 'content' in message) &&
      !record.messages.some((message) => isPlainObject(message) && Array.isArray(message.content) && message.content.some((part) => isPlainObject(part) && part.type === 'image')),
    fromRecord: readOpenAiRecord,
    toRecord: (sample, losses) => writeOpenAiRecord(sample, extras, losses),
  };
}

function readOpenAiRecord(record: unknown, place: RecordPlace): FromRecordResult {
  const issues = new IssueCollector(place);
  if (!isPlainObject(record)) {
    issues.add('invalid-structure', 'record', `expected an object, found ${describeType(record)}`);
    return failed(issues.issues);
  }
  const id = readId(record.id, place.index, issues);
  if (id !== undefined) issues.sampleId = id.id;
  const messages = record.messages;
  if (!Array.isArray(messages)) {
    issues.add('invalid-structure', 'messages', `expected a list of {role, content} messages, ${messages === undefined ? 'it is missing' : `found ${describeType(messages)}`}`);
    return failed(issues.issues);
  }
  const images: ImageRef[] = [];
  const turns: Turn[] = [];
  messages.forEach((message, turnIndex) => {
    const turn = readMessage(message, turnIndex, images, issues);
    if (turn !== undefined) turns.push(turn);
  });
  if (id === undefined || turns.length !== messages.length) return failed(issues.issues);

  const sample: Sample = { id: id.id, images, turns };
  return succeeded(withSourceAndMeta(sample, record, recordOrder, noteKey, { id: id.form }));
}

function readMessage(message: unknown, turnIndex: number, images: ImageRef[], issues: IssueCollector): Turn | undefined {
  const path = `messages[${turnIndex}]`;
  if (!isPlainObject(message)) {
    issues.add('invalid-structure', path, `expected a {role, content} object, found ${describeType(message)}`, turnIndex);
    return undefined;
  }
  const { role, content } = message;
  const knownRole = readChatRole(role, `${path}.role`, turnIndex, issues);
  const text = readContent(content, `${path}.content`, turnIndex, images, issues);
  if (knownRole === undefined || text === undefined) return undefined;
  const facts = { content: text.form, parts: text.parts };
  return withSourceAndMeta<Turn>({ role: knownRole, text: text.text }, message, turnOrder, noteKey, facts);
}

function readContent(
  content: unknown,
  path: string,
  turnIndex: number,
  images: ImageRef[],
  issues: IssueCollector,
): { text: string; form: string | undefined; parts?: JsonValue } | undefined {
  // A string with "<image>" in it is noted: the writer would otherwise take its placeholders for images.
  if (typeof content === 'string') return { text: content, form: content.includes(IMAGE_PLACEHOLDER) ? 'string' : undefined };
  if (!Array.isArray(content)) {
    issues.add('invalid-structure', path, `expected the message text or a list of parts, found ${describeType(content)}`, turnIndex);
    return undefined;
  }
  const pieces: string[] = [];
  const urls: string[] = [];
  let previousWasImage: boolean | undefined;
  let imageCount = 0;
  let validParts = 0;
  content.forEach((part, partIndex) => {
    const partPath = `${path}[${partIndex}]`;
    if (isPlainObject(part) && part.type === 'text' && typeof part.text === 'string') {
      if (previousWasImage === true) pieces.push('\n');
      pieces.push(part.text);
      previousWasImage = false;
      validParts++;
    } else if (isPlainObject(part) && part.type === 'image_url' && isPlainObject(part.image_url) && typeof part.image_url.url === 'string') {
      if (previousWasImage !== undefined) pieces.push('\n');
      const image = imageFromUrl(part.image_url.url);
      if (image === undefined) {
        issues.add('invalid-structure', `${partPath}.image_url.url`, 'the data URL does not hold valid base64', turnIndex);
        return;
      }
      pieces.push('<image>');
      images.push(image);
      urls.push(imageUrl(image, undefined));
      imageCount++;
      previousWasImage = true;
      validParts++;
    } else {
      issues.add('invalid-structure', partPath, 'expected {type: "text", text} or {type: "image_url", image_url: {url}}', turnIndex);
    }
  });
  if (validParts !== content.length) return undefined;
  const text = pieces.join('');
  // Parts the writer would not give back (empty or adjacent text parts, "<image>" inside a text part, a
  // "detail", a data URL spelled another way) are kept as they are, with the URLs the writer would write
  // anyway left out (null) so that image bytes are not held twice.
  const canonical = canonicalParts(text, urls);
  if (!sameParts(content, canonical)) {
    const parts = content.map((part, partIndex) => {
      const expected = canonical[partIndex];
      if (expected?.type !== 'image_url' || !isPlainObject(part) || !isPlainObject(part.image_url) || part.image_url.url !== expected.image_url.url) return part;
      return { ...part, image_url: { ...part.image_url, url: null } };
    });
    return { text, form: undefined, parts: parts as JsonValue };
  }
  // Text-only parts are kept as parts on the way back, so the record stays the same.
  return { text, form: imageCount === 0 ? 'parts' : undefined };
}

/** The parts the writer makes of a turn's text, given the URLs of its images. */
function canonicalParts(text: string, urls: readonly string[]): OpenAiPart[] {
  let nextImage = 0;
  return splitPieces(text).map((piece) =>
    piece.kind === 'image' ? { type: 'image_url', image_url: { url: urls[nextImage++] ?? '' } } : { type: 'text', text: piece.text },
  );
}

function sameParts(content: unknown[], parts: readonly OpenAiPart[]): boolean {
  const hasKeys = (value: Record<string, unknown>, keys: readonly string[]) => {
    const own = Object.keys(value);
    return own.length === keys.length && own.every((key, position) => key === keys[position]);
  };
  return (
    content.length === parts.length &&
    content.every((part, partIndex) => {
      const expected = parts[partIndex]!;
      if (!isPlainObject(part) || part.type !== expected.type) return false;
      if (expected.type === 'text') return hasKeys(part, ['type', 'text']) && part.text === expected.text;
      return hasKeys(part, ['type', 'image_url']) && isPlainObject(part.image_url) && hasKeys(part.image_url, ['url']) && part.image_url.url === expected.image_url.url;
    })
  );
}

/** An image from a URL: the bytes of a base64 data URL, else the URL as its path; undefined for bad base64. */
function imageFromUrl(url: string): ImageRef | undefined {
  const match = /^data:([^;,]*)(;base64)?,/.exec(url);
  if (match?.[2] === undefined) return { path: url };
  try {
    return { bytes: base64ToBytes(url.slice(match[0].length)) };
  } catch {
    return undefined;
  }
}

function imageUrl(image: ImageRef, losses: LossTally | undefined): string {
  if (image.bytes !== undefined) {
    if (image.path !== undefined) losses?.('images[].path (written as a data URL)');
    return `data:${sniffImageType(image.bytes)};base64,${bytesToBase64(image.bytes)}`;
  }
  return image.path ?? '';
}

function writeOpenAiRecord(sample: Sample, extras: boolean, losses?: LossTally): OpenAiRecord {
  const note = readFidelity(sample.meta, noteKey);
  const entries: Array<[string, unknown]> = [];
  if (extras) {
    const id = writeId(sample.id, note.id);
    if (id !== undefined) entries.push(['id', id]);
  } else if (note.id !== 'absent') {
    losses?.('id');
  }
  const urls = sample.images.map((image) => {
    reportImageExtras({ ...image, bytes: undefined }, losses);
    return imageUrl(image, losses);
  });
  let nextImage = 0;
  const messages = sample.turns.map((turn, turnIndex) => {
    const turnNote = readFidelity(turn.meta, noteKey);
    const noted = notedParts(turnNote.parts, turn.text, urls.slice(nextImage));
    const pieces = splitPieces(turn.text);
    const hasImage = pieces.some((piece) => piece.kind === 'image');
    let content: string | OpenAiPart[];
    if (noted !== undefined) {
      content = noted.parts;
      nextImage += noted.imageCount;
    } else if (turnNote.content === 'string' || (!hasImage && turnNote.content !== 'parts')) {
      content = turn.text;
    } else {
      content = canonicalParts(turn.text, urls.slice(nextImage));
      nextImage += content.filter((part) => part.type === 'image_url').length;
    }
    const messageEntries: Array<[string, unknown]> = [
      ['role', turn.role],
      ['content', content],
    ];
    if (extras) {
      if (turn.source !== undefined) messageEntries.push(['source', writeProvenance(turn.source)]);
      const reserved = turn.source === undefined ? turnOrder.slice(0, 2) : turnOrder;
      messageEntries.push(...extraEntries(turn.meta, reserved, losses, `turns[${turnIndex}].`));
    } else {
      if (turn.source !== undefined) losses?.('turns[].source');
      messageEntries.push(...uploadEntries(turn.meta, uploadMessageFields, losses, 'turns[].meta'));
    }
    return objectInOrder(messageEntries, turnNote.keys) as OpenAiMessage;
  });
  entries.push(['messages', messages]);
  if (nextImage < urls.length) losses?.('images (more images than "<image>" placeholders)');
  if (extras) {
    if (sample.source !== undefined) entries.push(['source', writeProvenance(sample.source)]);
    const reserved = sample.source === undefined ? recordOrder.slice(0, 2) : recordOrder;
    entries.push(...extraEntries(sample.meta, reserved, losses, ''));
  } else {
    if (sample.source !== undefined) losses?.('source');
    entries.push(...uploadEntries(sample.meta, uploadRecordFields, losses, 'meta'));
  }
  return objectInOrder(entries, note.keys) as OpenAiRecord;
}

/**
 * Parts the reader kept as they were (see `readContent`), with the URLs filled in, while they still spell
 * the turn: the same text and the same images.
 */
function notedParts(noted: unknown, text: string, urls: readonly string[]): { parts: OpenAiPart[]; imageCount: number } | undefined {
  if (!Array.isArray(noted)) return undefined;
  let imageCount = 0;
  let sameImages = true;
  const parts = noted.map((part: unknown) => {
    if (!isPlainObject(part) || part.type !== 'image_url' || !isPlainObject(part.image_url)) return part;
    const url = urls[imageCount++];
    const notedUrl = part.image_url.url;
    const notedImage = typeof notedUrl === 'string' ? imageFromUrl(notedUrl) : undefined;
    if (url === undefined || (notedUrl !== null && (notedImage === undefined || imageUrl(notedImage, undefined) !== url))) sameImages = false;
    return { ...part, image_url: { ...part.image_url, url: notedUrl === null ? url : notedUrl } };
  });
  if (!sameImages) return undefined;
  const read = readContent(parts, '', 0, [], new IssueCollector({ index: 0 }));
  return read?.text === text ? { parts: parts as OpenAiPart[], imageCount } : undefined;
}

/** The extras the upload format allows; any other extra is reported as not carried. */
function uploadEntries(
  meta: Sample['meta'],
  allowed: readonly string[],
  losses: LossTally | undefined,
  where: string,
): Array<[string, unknown]> {
  const entries = extraEntries(meta, [], undefined, '');
  const kept = entries.filter(([key]) => allowed.includes(key));
  if (kept.length < entries.length) losses?.(where);
  return kept;
}
