import { ViftError, createIssue, roleSchema, type Role, type IssueCode, type JsonObject, type JsonValue, type Provenance, type ValidationIssue } from '@vift/schema';

/**
 * Meta keys that hold how a record was spelled in its source format (key order, id type, role spelling),
 * so that reading and writing the same format gives back the same JSON value. They are not data: writers
 * of other formats leave them out.
 */
export const fidelityKeys = {
  llava: 'vift:llava',
  sharegpt: 'vift:sharegpt',
  trl: 'vift:trl',
  openai: 'vift:openai',
} as const;
const fidelityKeySet: ReadonlySet<string> = new Set(Object.values(fidelityKeys));

export type PlainObject = Record<string, unknown>;

export const roleSchemaValues: readonly string[] = roleSchema.options;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Where a record sits in its dataset; every issue names it. */
export type RecordPlace = { index: number; byteOffset?: number };

export class IssueCollector {
  readonly issues: ValidationIssue[] = [];
  sampleId: string | null = null;

  constructor(private readonly place: RecordPlace) {}

  add(code: IssueCode, path: string, message: string, turnIndex?: number): void {
    const place = {
      sampleId: this.sampleId,
      index: this.place.index,
      path,
      ...(this.place.byteOffset === undefined ? {} : { byteOffset: this.place.byteOffset }),
      ...(turnIndex === undefined ? {} : { turnIndex }),
    };
    this.issues.push(createIssue(code, `${path}: ${message}`, place));
  }
}

/** `typeof` in words, for messages: "a number", "null", "a list". */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'bytes';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** A chat message role (system, user, assistant), or undefined with the issue reported. */
export function readChatRole(role: unknown, path: string, turnIndex: number, issues: IssueCollector): Role | undefined {
  if (typeof role === 'string' && roleSchemaValues.includes(role)) return role as Role;
  const found = typeof role === 'string' ? JSON.stringify(role) : describeType(role);
  issues.add(typeof role === 'string' ? 'unknown-role' : 'invalid-structure', path, `${found} is not one of system, user, assistant`, turnIndex);
  return undefined;
}

export type IdForm = 'number' | 'absent';

/** Reads an id that may be a string or a number, or absent (then the record index stands in). */
export function readId(
  value: unknown,
  index: number,
  issues: IssueCollector,
): { id: string; form: IdForm | undefined } | undefined {
  if (typeof value === 'string') return { id: value, form: undefined };
  if (typeof value === 'number' && Number.isFinite(value)) return { id: String(value), form: 'number' };
  if (value === undefined) return { id: String(index), form: 'absent' };
  issues.add('invalid-structure', 'id', `expected a string or a number, found ${describeType(value)}`);
  return undefined;
}

export function writeId(id: string, form: unknown): JsonValue | undefined {
  if (form === 'absent') return undefined;
  if (form === 'number') {
    const number = Number(id);
    if (Number.isFinite(number)) return number;
  }
  return id;
}

const provenanceKeys = ['dataset', 'task', 'template', 'annotationId'];

/**
 * A provenance object exactly as vift writes it (known keys, in order, all strings); anything else is
 * left to the record's extras so it comes back unchanged.
 */
export function readProvenance(value: unknown): Provenance | undefined {
  if (!isPlainObject(value)) return undefined;
  let rank = -1;
  for (const key of Object.keys(value)) {
    const keyRank = provenanceKeys.indexOf(key);
    if (keyRank <= rank || typeof value[key] !== 'string') return undefined;
    rank = keyRank;
  }
  if (typeof value.dataset !== 'string' || value.dataset === '') return undefined;
  return value as Provenance;
}

/** A provenance with its keys in the order `readProvenance` takes, so that one written in any order reads back. */
export function writeProvenance(source: Provenance): Provenance {
  const entries = provenanceKeys.flatMap((key) => {
    const value = source[key as keyof Provenance];
    return value === undefined ? [] : [[key, value]];
  });
  return Object.fromEntries(entries) as Provenance;
}

/**
 * Writers emit known keys in a fixed order, then extras in their own order. Returns the record's actual key
 * order when it differs from that, so the writer can restore it; `isKnown` says which keys were read as
 * fields (a key such as "source" may be a field in one record and an extra in another).
 */
export function unusualKeyOrder(keys: string[], order: readonly string[], isKnown: (key: string) => boolean): string[] | undefined {
  let last = -1;
  for (const key of keys) {
    const position = order.indexOf(key);
    // Keys outside `order` are extras, which writers put after the fields.
    const rank = position !== -1 && isKnown(key) ? position : order.length;
    if (rank < last) return keys;
    last = rank;
  }
  return undefined;
}

/** Builds an object from entries (safe for keys like "__proto__"), in `keyOrder` when one is given. */
export function objectInOrder(entries: Array<[string, unknown]>, keyOrder: unknown): PlainObject {
  if (!Array.isArray(keyOrder)) return objectFromEntries(entries);
  const byKey = new Map(entries);
  const ordered: Array<[string, unknown]> = [];
  for (const key of keyOrder) {
    if (typeof key === 'string' && byKey.has(key)) {
      ordered.push([key, byKey.get(key)]);
      byKey.delete(key);
    }
  }
  ordered.push(...byKey);
  return objectFromEntries(ordered);
}

/** `Object.fromEntries`, faster for the few keys of a record; "__proto__" stays an own key. */
function objectFromEntries(entries: Array<[string, unknown]>): PlainObject {
  const object: PlainObject = {};
  for (const [key, value] of entries) {
    if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    else object[key] = value;
  }
  return object;
}

/**
 * Finishes a sample or turn read from `object`: its `source` (when the object's `source` is a vift
 * provenance; otherwise that key is an extra like any other), and its meta, made of the keys outside
 * `order` (or that `isExtra` says are extras) and the format's fidelity note — the key order when a writer
 * would not restore it, plus `facts` about how the object was spelled.
 */
export function withSourceAndMeta<Target extends { source?: Provenance; meta?: JsonObject }>(
  target: Target,
  object: PlainObject,
  order: readonly string[],
  formatKey: string,
  facts: Record<string, JsonValue | undefined>,
  isExtra: (key: string) => boolean = () => false,
): Target {
  const source = readProvenance(object.source);
  const isField = (key: string) => (key !== 'source' || source !== undefined) && !isExtra(key);
  const keys = Object.keys(object);
  const extras = keys.filter((key) => !order.includes(key) || !isField(key)).map((key): [string, JsonValue] => [key, object[key] as JsonValue]);
  if (source !== undefined) target.source = source;
  const meta = buildMeta(extras, formatKey, fidelityNote({ keys: unusualKeyOrder(keys, order, isField), ...facts }));
  if (meta !== undefined) target.meta = meta;
  return target;
}

/** A fidelity note: an object of how-it-was-spelled facts, or undefined when there is nothing to note. */
export function fidelityNote(facts: Record<string, JsonValue | undefined>): JsonObject | undefined {
  const entries = Object.entries(facts).filter((entry): entry is [string, JsonValue] => entry[1] !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** Reads this format's fidelity note from a meta object. */
export function readFidelity(meta: JsonObject | undefined, formatKey: string): PlainObject {
  const note = meta?.[formatKey];
  return isPlainObject(note) ? note : {};
}

/**
 * The meta of a sample or turn: the record's extra keys, then the fidelity note (if any).
 * Returns undefined when empty so that plain records map to samples without a `meta` key.
 */
export function buildMeta(
  extras: Array<[string, JsonValue]>,
  formatKey: string,
  note: JsonObject | undefined,
): JsonObject | undefined {
  if (note !== undefined) extras.push([formatKey, note]);
  return extras.length === 0 ? undefined : Object.fromEntries(extras);
}

/**
 * Meta entries that are data (not fidelity notes), to be written back as extra keys of a record. A meta key
 * that is also one of the format's own fields cannot be written: it is reported as a loss.
 */
export function extraEntries(
  meta: JsonObject | undefined,
  reserved: readonly string[],
  losses: LossTally | undefined,
  where: string,
): Array<[string, unknown]> {
  if (meta === undefined) return [];
  const entries: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(meta)) {
    if (fidelityKeySet.has(key)) continue;
    if (reserved.includes(key)) losses?.(`${where}meta.${key} (the format uses "${key}" itself)`);
    else entries.push([key, value]);
  }
  return entries;
}

/** Called once per field a writer had to leave out, so a conversion can report what the format cannot hold. */
export type LossTally = (field: string) => void;

const notRepresentableMarker = Symbol.for('vift.error.not-representable');

/** A sample a format cannot express at all, e.g. an image with bytes but no path in LLaVA JSON. */
export class NotRepresentableError extends ViftError {
  private readonly [notRepresentableMarker] = true;
  constructor(
    readonly path: string,
    message: string,
    fix: string,
  ) {
    super({ name: 'NotRepresentableError', message: `${path}: ${message}`, fix });
  }

  static override isInstance(error: unknown): error is NotRepresentableError {
    return typeof error === 'object' && error !== null && notRepresentableMarker in error;
  }
}
