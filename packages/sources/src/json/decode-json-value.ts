import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8 } from '@vift/formats/node';
import { SourceFileError } from '../source-error.js';

/** Where a value sits, for the message when it does not decode. */
export type ValuePlace = { file: string; key?: string; index?: number; byteOffset: number };

/** Decodes one value's bytes: strict UTF-8, then JSON. Either problem throws naming the file and the byte. */
export function decodeJsonValue(bytes: Buffer, place: ValuePlace): unknown {
  // The place and the sniffed id are worked out only for a record that fails: most records parse.
  if (!isUtf8(bytes)) {
    return fail(placeOf(bytes, place), `invalid UTF-8 at byte ${place.byteOffset + firstInvalidUtf8(bytes)}`, 'save the file as UTF-8, or download it again');
  }
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail(placeOf(bytes, place), describeSyntaxError(error, text, place.byteOffset), 'repair the JSON of this record, or download the file again');
  }
}

function placeOf(bytes: Buffer, place: ValuePlace) {
  const where = { file: place.file, byteOffset: place.byteOffset, ...(place.key === undefined ? {} : { key: place.key }), ...(place.index === undefined || place.index < 0 ? {} : { index: place.index }) };
  const id = sniffId(bytes);
  return id === undefined ? where : { ...where, id };
}

function fail(where: { file: string; byteOffset: number; key?: string; index?: number; id?: string }, message: string, fix: string): never {
  throw new SourceFileError({ ...where, message, fix });
}

/** V8 says "... at position N" (in UTF-16 units); turn that into a byte offset of the file. */
function describeSyntaxError(error: unknown, text: string, byteOffset: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  // V8 quotes the text around the error: no use in a one-line message.
  const reason = message
    .replace(/,? ?(?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .trim();
  if (position === null) return `invalid JSON at byte ${byteOffset}: ${reason}`;
  const at = byteOffset + Buffer.byteLength(text.slice(0, Number(position[1])));
  return `invalid JSON at byte ${at}: ${reason}`;
}

const idPattern = /"(?:id|question_id|image_id)"\s*:\s*("(?:[^"\\\n]|\\.){0,200}"|-?\d{1,30})/;

/** The record's id read from its first bytes, for messages about a record that did not parse. */
function sniffId(bytes: Buffer): string | undefined {
  const match = idPattern.exec(bytes.subarray(0, 4096).toString('utf8'));
  if (match === null) return undefined;
  try {
    return String(JSON.parse(match[1]!));
  } catch {
    return undefined;
  }
}

