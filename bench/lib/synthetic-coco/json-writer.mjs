/**
 * A file written in pieces: text and numbers go straight into a 1 MB byte buffer, which is handed to the
 * stream when full, waiting for 'drain' when the stream is. No string ever holds more than one record
 * (the big files are far past what one V8 string can hold), and numbers are written as digits without
 * becoming strings first, which keeps the garbage collector out of the polygon-heavy files. The file
 * appears under its name only when complete.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

const chunkBytes = 1 << 20;
const digits = new Uint8Array(24);

export class ChunkedFileWriter {
  constructor(file) {
    this.file = file;
    this.temporary = `${file}.partial-${process.pid}`;
    this.buffer = Buffer.allocUnsafe(2 * chunkBytes);
    this.offset = 0;
    this.bytes = 0;
    this.stream = undefined;
  }

  static async open(file) {
    const writer = new ChunkedFileWriter(file);
    await mkdir(dirname(file), { recursive: true });
    writer.stream = createWriteStream(writer.temporary, { highWaterMark: 1 << 22 });
    // An error surfaces on the next flush or close; listening keeps it from being thrown unhandled.
    writer.stream.on('error', (error) => {
      writer.error = error;
    });
    return writer;
  }

  /** True when a chunk is ready and the caller should `await flush()` (between records). */
  get full() {
    return this.offset >= chunkBytes;
  }

  /** Makes room for `bytes` more; a record longer than the spare megabyte grows the buffer. */
  reserve(bytes) {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }

  /** Adds text (UTF-8); returns `full`. Short ASCII text is copied byte by byte, cheaper than a native call. */
  push(text) {
    const length = text.length;
    this.reserve(3 * length);
    const buffer = this.buffer;
    let offset = this.offset;
    if (length < 48) {
      for (let index = 0; index < length; index++) {
        const code = text.charCodeAt(index);
        if (code >= 0x80) {
          offset += buffer.utf8Write(text.slice(index), offset);
          break;
        }
        buffer[offset++] = code;
      }
    } else {
      offset += buffer.utf8Write(text, offset);
    }
    this.offset = offset;
    return offset >= chunkBytes;
  }

  /** Adds one ASCII character by its code (44 for ","). */
  pushCode(code) {
    this.reserve(1);
    this.buffer[this.offset++] = code;
  }

  /** Adds a whole number ≥ 0 as digits. */
  pushInteger(value) {
    let count = 0;
    do {
      const next = Math.floor(value / 10);
      digits[count++] = 48 + value - next * 10;
      value = next;
    } while (value > 0);
    this.reserve(count);
    while (count > 0) this.buffer[this.offset++] = digits[--count];
  }

  /** Adds a whole number of hundredths (≥ 0) as Python prints the float: 41000 → 410.0, 15050 → 150.5. */
  pushHundredths(total) {
    const whole = Math.floor(total / 100);
    const fraction = total - whole * 100;
    this.pushInteger(whole);
    this.reserve(3);
    const buffer = this.buffer;
    buffer[this.offset++] = 46;
    const tens = Math.floor(fraction / 10);
    const units = fraction - tens * 10;
    buffer[this.offset++] = 48 + tens;
    if (units !== 0) buffer[this.offset++] = 48 + units;
  }

  async flush() {
    if (this.error !== undefined) throw this.error;
    if (this.offset === 0) return;
    // The stream keeps the chunk until it is written, so the next records go to a fresh buffer.
    const chunk = this.buffer.subarray(0, this.offset);
    this.bytes += this.offset;
    this.buffer = Buffer.allocUnsafe(Math.max(2 * chunkBytes, this.buffer.length));
    this.offset = 0;
    // once() rejects if the stream fails while waiting.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    if (this.error !== undefined) throw this.error;
  }

  /** Writes what is left, renames the file into place and resolves to its size in bytes. */
  async close() {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
    if (this.error !== undefined) throw this.error;
    await rename(this.temporary, this.file);
    return this.bytes;
  }

  async abort() {
    this.stream.destroy();
    await rm(this.temporary, { force: true });
  }
}

/** Opens `file`, runs `write(writer)`, closes it; on failure removes the partial file. Resolves to its bytes. */
export async function writeFileInChunks(file, write) {
  const writer = await ChunkedFileWriter.open(file);
  try {
    await write(writer);
    return await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/**
 * A float as Python's json module writes it: the shortest text that reads back as the same double
 * (which is what JavaScript prints too), with ".0" kept on whole numbers, as the official files have them.
 */
export function pythonFloat(value) {
  const text = String(value);
  return Number.isInteger(value) && !text.includes('e') ? `${text}.0` : text;
}

/** ".0", ".01" ... ".1" ... ".99": the shortest decimal tail of each number of hundredths. */
const hundredths = Array.from({ length: 100 }, (_, value) => (value === 0 ? '.0' : `.${String(value).padStart(2, '0').replace(/0$/, '')}`));

/**
 * A non-negative number rounded to two decimals and printed as Python would print it (410 → "410.0",
 * 150.5 → "150.5", 150.59 → "150.59"): the same text as `pythonFloat(Math.round(value * 100) / 100)`,
 * built from integers because formatting doubles is the slowest part of writing the polygons.
 */
export const twoDecimals = (value) => hundredthsText(Math.round(value * 100));

/** A whole number of hundredths (≥ 0) as Python prints the float it stands for: 41000 → "410.0". */
export function hundredthsText(total) {
  const whole = Math.floor(total / 100);
  return `${whole}${hundredths[total - whole * 100]}`;
}

const nonAscii = /[\u007f-\uffff]/g;
const escapeCharacter = (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * A JSON string literal. With `utf8` false it is written as Python's json.dump writes it by default
 * (ensure_ascii): every character outside printable ASCII as a lowercase \uXXXX escape, emoji as two
 * escaped surrogates. With `utf8` true non-ASCII text stays as raw UTF-8 bytes.
 */
export function jsonStringFor({ utf8 }) {
  if (utf8) return (text) => JSON.stringify(text);
  return (text) => {
    const literal = JSON.stringify(text);
    nonAscii.lastIndex = 0;
    return nonAscii.test(literal) ? literal.replace(nonAscii, escapeCharacter) : literal;
  };
}
