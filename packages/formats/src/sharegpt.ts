import type { ImageRef, Sample, Turn } from '@vift/schema';
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

/**
 * LLaMA-Factory's "sharegpt" formatting in its two spellings: `conversations` with `from`/`value` and the
 * tags human/gpt (system prompt in a `system` column), or the OpenAI-like `messages` with `role`/`content`
 * (system prompt as the first message). Images are a list of paths in `images`.
 */
export type ShareGptSpelling = 'conversations' | 'messages';

export type ShareGptRecord = { [field: string]: unknown };

type Spelling = {
  messagesKey: string;
  roleKey: string;
  contentKey: string;
  tags: Record<Turn['role'], string>;
  /** Where the writer puts the system prompt. */
  system: 'column' | 'message';
};

const spellings: Record<ShareGptSpelling, Spelling> = {
  conversations: {
    messagesKey: 'conversations',
    roleKey: 'from',
    contentKey: 'value',
    tags: { user: 'human', assistant: 'gpt', system: 'system' },
    system: 'column',
  },
  messages: {
    messagesKey: 'messages',
    roleKey: 'role',
    contentKey: 'content',
    tags: { user: 'user', assistant: 'assistant', system: 'system' },
    system: 'message',
  },
};

const noteKey = fidelityKeys.sharegpt;

export function createShareGptFormat(options: { spelling?: ShareGptSpelling } = {}): FormatAdapter<ShareGptRecord> {
  const spellingName = options.spelling ?? 'conversations';
  const spelling = spellings[spellingName];
  const recordOrder = ['id', spelling.messagesKey, 'system', 'images', 'source'];
  const turnOrder = [spelling.roleKey, spelling.contentKey, 'source'];
  const roleOfTag = new Map(Object.entries(spelling.tags).map(([role, tag]) => [tag, role as Turn['role']]));

  function readRecord(record: unknown, place: RecordPlace): FromRecordResult {
    const issues = new IssueCollector(place);
    if (!isPlainObject(record)) {
      issues.add('invalid-structure', 'record', `expected an object, found ${describeType(record)}`);
      return failed(issues.issues);
    }
    const id = readId(record.id, place.index, issues);
    if (id !== undefined) issues.sampleId = id.id;
    const images = readImages(record.images, issues);
    const turns = readMessages(record, issues);
    const systemColumn = record.system;
    // Hugging Face exports fill a missing system prompt with null: kept as it is, like any extra.
    if (systemColumn !== undefined && systemColumn !== null && typeof systemColumn !== 'string') {
      issues.add('invalid-structure', 'system', `expected the system prompt text, found ${describeType(systemColumn)}`);
    }
    if (id === undefined || images === undefined || turns === undefined || issues.issues.length > 0) return failed(issues.issues);

    // A system message wins over the column, as in LLaMA-Factory; the column then stays an extra.
    const systemInMessages = turns[0]?.role === 'system';
    const systemFromColumn = typeof systemColumn === 'string' && !systemInMessages;
    if (systemFromColumn) turns.unshift({ role: 'system', text: systemColumn });
    const systemForm = systemInMessages ? 'message' : systemFromColumn ? 'column' : undefined;

    const facts = {
      id: id.form,
      images: images.form,
      system: systemForm === undefined || systemForm === spelling.system ? undefined : systemForm,
    };
    // The system column is a field only when it became the system turn; otherwise it stays an extra.
    const isExtra = (key: string) => key === 'system' && !systemFromColumn;
    const sample: Sample = { id: id.id, images: images.images, turns };
    return succeeded(withSourceAndMeta(sample, record, recordOrder, noteKey, facts, isExtra));
  }

  function readMessages(record: PlainObject, issues: IssueCollector): Turn[] | undefined {
    const key = spelling.messagesKey;
    const value = record[key];
    if (!Array.isArray(value)) {
      const other = spellingName === 'conversations' ? 'messages' : 'conversations';
      const otherFormat = spellingName === 'conversations' ? 'sharegpt-messages' : 'sharegpt';
      const hint =
        value !== undefined
          ? `found ${describeType(value)}`
          : other in record
            ? `it is missing (the record has "${other}": read it as ${otherFormat})`
            : 'it is missing';
      issues.add('invalid-structure', key, `expected a list of {${spelling.roleKey}, ${spelling.contentKey}} turns, ${hint}`);
      return undefined;
    }
    const turns: Turn[] = [];
    value.forEach((item, turnIndex) => {
      const turn = readTurn(item, `${key}[${turnIndex}]`, turnIndex, issues);
      if (turn !== undefined) turns.push(turn);
    });
    return turns.length === value.length ? turns : undefined;
  }

  function readTurn(item: unknown, path: string, turnIndex: number, issues: IssueCollector): Turn | undefined {
    if (!isPlainObject(item)) {
      issues.add('invalid-structure', path, `expected a {${spelling.roleKey}, ${spelling.contentKey}} object, found ${describeType(item)}`, turnIndex);
      return undefined;
    }
    const tag = item[spelling.roleKey];
    const text = item[spelling.contentKey];
    const role = typeof tag === 'string' ? roleOfTag.get(tag) : undefined;
    if (role === undefined) {
      const known = Object.values(spelling.tags).join(', ');
      const found = typeof tag === 'string' ? JSON.stringify(tag) : describeType(tag);
      issues.add(typeof tag === 'string' ? 'unknown-role' : 'invalid-structure', `${path}.${spelling.roleKey}`, `${found} is not one of ${known}`, turnIndex);
    }
    if (typeof text !== 'string') {
      issues.add('invalid-structure', `${path}.${spelling.contentKey}`, `expected the turn text, found ${describeType(text)}`, turnIndex);
    }
    if (role === undefined || typeof text !== 'string') return undefined;
    return withSourceAndMeta<Turn>({ role, text }, item, turnOrder, noteKey, {});
  }

  function writeRecord(sample: Sample, losses?: LossTally): ShareGptRecord {
    const note = readFidelity(sample.meta, noteKey);
    const systemPlacement = note.system === 'column' || note.system === 'message' ? note.system : spelling.system;
    const entries: Array<[string, unknown]> = [];
    const id = writeId(sample.id, note.id);
    if (id !== undefined) entries.push(['id', id]);
    let turns = sample.turns;
    const first = turns[0];
    const systemColumn = first?.role === 'system' && systemPlacement === 'column' ? first.text : undefined;
    if (systemColumn !== undefined) {
      turns = turns.slice(1);
      // The column holds the text only.
      if (first?.source !== undefined) losses?.('turns[0].source');
      if (extraEntries(first?.meta, [], undefined, '').length > 0) losses?.('turns[0].meta');
    }
    const offset = systemColumn === undefined ? 0 : 1;
    entries.push([spelling.messagesKey, turns.map((turn, position) => writeTurn(turn, position + offset, losses))]);
    if (systemColumn !== undefined) entries.push(['system', systemColumn]);
    const paths = imagePaths(sample, 'LLaMA-Factory ShareGPT', losses);
    if (note.images === 'string' && paths.length === 1) entries.push(['images', paths[0]]);
    else if (paths.length > 0 || note.images === 'empty') entries.push(['images', paths]);
    if (sample.source !== undefined) entries.push(['source', writeProvenance(sample.source)]);
    const reserved = recordOrder.filter(
      (key) => (key !== 'source' || sample.source !== undefined) && (key !== 'system' || systemColumn !== undefined),
    );
    entries.push(...extraEntries(sample.meta, reserved, losses, ''));
    return objectInOrder(entries, note.keys);
  }

  function writeTurn(turn: Turn, turnIndex: number, losses?: LossTally): PlainObject {
    const note = readFidelity(turn.meta, noteKey);
    const entries: Array<[string, unknown]> = [
      [spelling.roleKey, spelling.tags[turn.role]],
      [spelling.contentKey, turn.text],
    ];
    if (turn.source !== undefined) entries.push(['source', writeProvenance(turn.source)]);
    const reserved = turn.source === undefined ? turnOrder.slice(0, 2) : turnOrder;
    entries.push(...extraEntries(turn.meta, reserved, losses, `turns[${turnIndex}].`));
    return objectInOrder(entries, note.keys);
  }

  return {
    specificationVersion: 'v1',
    id: spellingName === 'conversations' ? 'sharegpt' : 'sharegpt-messages',
    label: `LLaMA-Factory ShareGPT (${spelling.messagesKey}[${spelling.roleKey}, ${spelling.contentKey}], images)`,
    defaultContainer: 'json',
    writesBackExactly: true,
    detect: (record) => isPlainObject(record) && Array.isArray(record[spelling.messagesKey]) && looksLikeShareGpt(record, spelling),
    fromRecord: readRecord,
    toRecord: writeRecord,
  };
}

function looksLikeShareGpt(record: PlainObject, spelling: Spelling): boolean {
  const first = (record[spelling.messagesKey] as unknown[])[0];
  if (!isPlainObject(first) || typeof first[spelling.contentKey] !== 'string') return false;
  // `conversations` without `images` is LLaVA's spelling, and `messages` with string content and no
  // `images` is plain OpenAI chat: the `images` list (or a system column) marks LLaMA-Factory.
  return 'images' in record || 'system' in record;
}

function readImages(value: unknown, issues: IssueCollector): { images: ImageRef[]; form: string | undefined } | undefined {
  if (value === undefined) return { images: [], form: undefined };
  if (typeof value === 'string') return { images: [{ path: value }], form: 'string' };
  if (!Array.isArray(value)) {
    issues.add('invalid-structure', 'images', `expected a list of image paths, found ${describeType(value)}`);
    return undefined;
  }
  const images: ImageRef[] = [];
  value.forEach((path, imageIndex) => {
    if (typeof path === 'string') images.push({ path });
    else issues.add('invalid-structure', `images[${imageIndex}]`, `expected an image path, found ${describeType(path)}`);
  });
  if (images.length !== value.length) return undefined;
  return { images, form: images.length === 0 ? 'empty' : undefined };
}
