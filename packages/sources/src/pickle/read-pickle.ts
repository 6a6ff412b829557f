import { readFileChunks } from '../json/read-file-chunks.js';
import { DEFAULT_MAX_RECORD_BYTES } from '../json/read-json-members.js';
import { SourceFileError } from '../source-error.js';
import { PickleError } from './pickle-error.js';
import { PickleMachine } from './pickle-machine.js';
import type { PickleValue } from './pickle-value.js';

export type ReadPickleOptions = {
  /** A single string or bytes value larger than this throws instead of being held (default 64 MiB). */
  maxValueBytes?: number;
  /** Read size (default 1 MiB); tests use small ones. */
  chunkBytes?: number;
};

/** One item of a pickled top-level list, from `readPickleList`. */
export type PickleListItem = { index: number; value: PickleValue };

/**
 * Unpickles bytes of plain data (protocols 0 to 5): lists, tuples, dicts, strings, bytes, numbers,
 * booleans and None, as `PickleValue`. Nothing is imported or called: an opcode that would import a
 * module, call a function or build a class instance throws `PickleError`, as do sets, unknown opcodes
 * and bytes that end before STOP.
 *
 * Python 2 `str` values (bytes without an encoding) are read as UTF-8 when they are valid UTF-8, else
 * as Latin-1.
 *
 * @example
 * parsePickle(bytes) // {"ref_id": 0, "sentences": [{"sent": "man on left"}]}
 */
export function parsePickle(bytes: Uint8Array, options: Pick<ReadPickleOptions, 'maxValueBytes'> = {}): PickleValue {
  const machine = new PickleMachine({ maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_RECORD_BYTES });
  machine.push(bytes);
  return machine.end();
}

/**
 * Reads a pickle file of plain data, like `parsePickle`, chunk by chunk. Throws `SourceFileError`
 * naming the file and the byte for a missing file or a pickle `parsePickle` refuses.
 */
export async function readPickle(file: string, options: ReadPickleOptions = {}): Promise<PickleValue> {
  const machine = new PickleMachine({ maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_RECORD_BYTES });
  try {
    for await (const chunk of readFileChunks(file, options.chunkBytes)) {
      machine.push(chunk);
      if (machine.done) break;
    }
    return machine.end();
  } catch (error) {
    throw toFileError(file, error);
  }
}

/**
 * Streams the items of a pickle file whose value is a list (or tuple), each as soon as the file has
 * completed it, like RefCOCO's `refs(unc).p`. The lists and dicts of items handed over are let go:
 * memory holds the batch being read (Python writes 1000 items a batch) and the strings, which Python's
 * memo may refer back to from any later item (a 24 MB refs-like pickle streams in about 2 s with a heap
 * under 200 MB).
 *
 * Throws `SourceFileError` as `readPickle` does, when the value is not a list, and when an item refers
 * back to a list or dict inside an earlier item (read such a file with `readPickle`).
 */
export async function* readPickleList(file: string, options: ReadPickleOptions = {}): AsyncGenerator<PickleListItem> {
  const ready: PickleValue[] = [];
  const machine = new PickleMachine({ maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_RECORD_BYTES, onItems: (items) => ready.push(...items) });
  let index = 0;
  let value: PickleValue;
  try {
    for await (const chunk of readFileChunks(file, options.chunkBytes)) {
      machine.push(chunk);
      // Emptied before yielding: a consumer that stops early leaves nothing queued behind.
      for (const item of ready.splice(0)) yield { index: index++, value: item };
      if (machine.done) break;
    }
    value = machine.end();
  } catch (error) {
    throw toFileError(file, error);
  }
  for (const item of ready.splice(0)) yield { index: index++, value: item };
  if (!machine.isStreamedList(value)) {
    throw new SourceFileError({ file, message: `the pickle holds ${describe(value)}, not a list`, fix: 'pass a pickle whose value is a list of records, or read it with readPickle' });
  }
}

function describe(value: PickleValue): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return 'a list built in a way vift cannot stream';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'object') return 'a dict';
  return `a ${typeof value}`;
}

function toFileError(file: string, error: unknown): unknown {
  if (!PickleError.isInstance(error)) return error;
  const message = error.message.replace(/^byte \d+(?: \([A-Z_0-9]+\))?: /, '');
  return new SourceFileError({
    file,
    message: `${error.opcode === undefined ? '' : `${error.opcode}: `}${message}`,
    fix: error.fix ?? 'check that this is the file you meant',
    byteOffset: error.byteOffset,
    cause: error,
  });
}
