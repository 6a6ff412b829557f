/** Small readers for the fields of parsed source records: each says what it found instead of guessing. */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An id as the sources write them: a non-negative whole number. */
export function readId(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A finite number, or undefined. */
export function readNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A string with its surrounding whitespace trimmed, or undefined when it is not a string or is blank. */
export function readText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

/** The id of a record for messages: a number or a string as it is, anything else left out. */
export function idForMessage(value: unknown): string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
}

/** Names a record in a one-line reason: `"annotations"[12] (id 5)` or `record 3 (id 7)`. */
export function describeRecord(place: { key?: string; index: number; id?: string | undefined }): string {
  const record = place.key === undefined ? `record ${place.index}` : `"${place.key}"[${place.index}]`;
  return place.id === undefined ? record : `${record} (id ${place.id})`;
}

/** A value in a message: JSON, cut short. */
export function showValue(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
