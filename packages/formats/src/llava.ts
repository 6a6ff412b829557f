import type { ImageRef, JsonObject, Sample, Turn } from '@vift/schema';
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
  withSourceAndMeta,
  writeId,
  writeProvenance,
  type LossTally,
  type PlainObject,
  type RecordPlace,
} from './record-fields.js';

/** One record of LLaVA's training JSON (llava_instruct_150k, llava_v1_5_mix665k, ShareGPT4V...). */
export type LlavaRecord = {
  id?: string | number;
  image?: string | string[] | null;
  conversations: LlavaTurn[];
  [extra: string]: unknown;
};
export type LlavaTurn = { from: string; value: string; [extra: string]: unknown };

const noteKey = fidelityKeys.llava;
const recordOrder = ['id', 'image', 'conversations', 'source'];
const turnOrder = ['from', 'value', 'source'];
const roleOfFrom = new Map<string, Turn['role']>([
  ['human', 'user'],
  ['gpt', 'assistant'],
  ['system', 'system'],
  ['user', 'user'],
  ['assistant', 'assistant'],
]);
const fromOfRole = { user: 'human', assistant: 'gpt', system: 'system' } as const;

export function createLlavaFormat(): FormatAdapter<LlavaRecord> {
  return {
    specificationVersion: 'v1',
    id: 'llava',
    label: 'LLaVA conversations (id, image, conversations[from, value])',
    defaultContainer: 'json',
    writesBackExactly: true,
    detect: (record) => isPlainObject(record) && Array.isArray(record.conversations) && !('images' in record),
    fromRecord: readLlavaRecord,
    toRecord: writeLlavaRecord,
  };
}

function readLlavaRecord(record: unknown, place: RecordPlace): FromRecordResult {
  const issues = new IssueCollector(place);
  if (!isPlainObject(record)) {
    issues.add('invalid-structure', 'record', `expected an object, found ${describeType(record)}`);
    return failed(issues.issues);
  }
  const id = readId(record.id, place.index, issues);
  if (id !== undefined) issues.sampleId = id.id;
  const image = readImageField(record.image, issues);
  const turns = readConversations(record.conversations, issues);
  if (id === undefined || image === undefined || turns === undefined) return failed(issues.issues);

  const sample: Sample = { id: id.id, images: image.images, turns };
  return succeeded(withSourceAndMeta(sample, record, recordOrder, noteKey, { id: id.form, image: image.form }));
}

function readImageField(value: unknown, issues: IssueCollector): { images: ImageRef[]; form: string | undefined } | undefined {
  if (value === undefined) return { images: [], form: undefined };
  if (value === null) return { images: [], form: 'null' };
  if (typeof value === 'string') return { images: [{ path: value }], form: undefined };
  if (Array.isArray(value)) {
    const images: ImageRef[] = [];
    value.forEach((path, k) => {
      if (typeof path === 'string') images.push({ path });
      else issues.add('invalid-structure', `image[${k}]`, `expected an image path, found ${describeType(path)}`);
    });
    // Writers use a list for two images or more anyway: only a list of one or none needs noting.
    return images.length === value.length ? { images, form: images.length <= 1 ? 'list' : undefined } : undefined;
  }
  issues.add('invalid-structure', 'image', `expected an image path or a list of paths, found ${describeType(value)}`);
  return undefined;
}

function readConversations(value: unknown, issues: IssueCollector): Turn[] | undefined {
  if (!Array.isArray(value)) {
    const found = value === undefined ? 'it is missing' : `found ${describeType(value)}`;
    issues.add('invalid-structure', 'conversations', `expected a list of {from, value} turns, ${found}`);
    return undefined;
  }
  const turns: Turn[] = [];
  value.forEach((item, turnIndex) => {
    const turn = readTurn(item, turnIndex, issues);
    if (turn !== undefined) turns.push(turn);
  });
  return turns.length === value.length ? turns : undefined;
}

function readTurn(item: unknown, turnIndex: number, issues: IssueCollector): Turn | undefined {
  if (!isPlainObject(item)) {
    issues.add('invalid-structure', `conversations[${turnIndex}]`, `expected a {from, value} object, found ${describeType(item)}`, turnIndex);
    return undefined;
  }
  const { from, value } = item;
  const role = typeof from === 'string' ? roleOfFrom.get(from) : undefined;
  if (role === undefined || typeof value !== 'string') {
    reportTurnProblems(from, value, role, turnIndex, issues);
    return undefined;
  }
  // Nearly every turn is exactly {"from": "human" | "gpt", "value"}: nothing else to keep, so no extras,
  // key order or spelling to work out (this is most of the reading time on a large file).
  if (from === fromOfRole[role] && hasOnlyKeys(item, 'from', 'value')) return { role, text: value };

  const spelling = from === fromOfRole[role] ? undefined : (from as string);
  return withSourceAndMeta<Turn>({ role, text: value }, item, turnOrder, noteKey, { from: spelling });
}

function reportTurnProblems(from: unknown, value: unknown, role: Turn['role'] | undefined, turnIndex: number, issues: IssueCollector): void {
  const path = `conversations[${turnIndex}]`;
  if (typeof from !== 'string') {
    issues.add('invalid-structure', `${path}.from`, `expected "human" or "gpt", found ${describeType(from)}`, turnIndex);
  } else if (role === undefined) {
    issues.add('unknown-role', `${path}.from`, `${JSON.stringify(from)} is not a LLaVA speaker (human, gpt, system)`, turnIndex);
  }
  if (typeof value !== 'string') {
    issues.add('invalid-structure', `${path}.value`, `expected the turn text, found ${describeType(value)}`, turnIndex);
  }
}

function hasOnlyKeys(object: PlainObject, first: string, second: string): boolean {
  let count = 0;
  for (const key in object) {
    count++;
    if ((count === 1 && key !== first) || (count === 2 && key !== second) || count > 2) return false;
  }
  return count === 2;
}

function writeLlavaRecord(sample: Sample, losses?: LossTally): LlavaRecord {
  if (sample.meta === undefined && sample.source === undefined) return writePlainRecord(sample, losses);
  const note = readFidelity(sample.meta, noteKey);
  const entries: Array<[string, unknown]> = [];
  const id = writeId(sample.id, note.id);
  if (id !== undefined) entries.push(['id', id]);
  const paths = imagePaths(sample, 'LLaVA JSON', losses);
  if (paths.length === 1 && note.image !== 'list') entries.push(['image', paths[0]]);
  else if (paths.length > 0 || note.image === 'list') entries.push(['image', paths]);
  else if (note.image === 'null') entries.push(['image', null]);
  entries.push(['conversations', sample.turns.map((turn, turnIndex) => writeTurn(turn, turnIndex, losses))]);
  if (sample.source !== undefined) entries.push(['source', writeProvenance(sample.source)]);
  const reserved = sample.source === undefined ? recordOrder.filter((key) => key !== 'source') : recordOrder;
  entries.push(...extraEntries(sample.meta, reserved, losses, ''));
  return objectInOrder(entries, note.keys) as LlavaRecord;
}

/** A sample with no meta or source: the record is id, image and conversations, in that order. */
function writePlainRecord(sample: Sample, losses?: LossTally): LlavaRecord {
  const conversations = sample.turns.map((turn, turnIndex) => writeTurn(turn, turnIndex, losses)) as LlavaTurn[];
  const paths = imagePaths(sample, 'LLaVA JSON', losses);
  if (paths.length === 0) return { id: sample.id, conversations };
  return { id: sample.id, image: paths.length === 1 ? paths[0]! : paths, conversations };
}

function writeTurn(turn: Turn, turnIndex: number, losses?: LossTally): PlainObject {
  // Most turns carry nothing but role and text: no note, extras or order to work out.
  if (turn.meta === undefined && turn.source === undefined) return { from: fromOfRole[turn.role], value: turn.text };
  const note = readFidelity(turn.meta, noteKey);
  const from = typeof note.from === 'string' && roleOfFrom.get(note.from) === turn.role ? note.from : fromOfRole[turn.role];
  const entries: Array<[string, unknown]> = [
    ['from', from],
    ['value', turn.text],
  ];
  if (turn.source !== undefined) entries.push(['source', writeProvenance(turn.source)]);
  const reserved = turn.source === undefined ? ['from', 'value'] : turnOrder;
  entries.push(...extraEntries(turn.meta as JsonObject | undefined, reserved, losses, `turns[${turnIndex}].`));
  return objectInOrder(entries, note.keys);
}
