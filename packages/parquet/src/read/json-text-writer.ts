/**
 * Writes UTF-8 text as a JSON string straight from its bytes, exactly as `JSON.stringify` of the decoded
 * string followed by UTF-8 encoding would: `"` and `\` escaped with a backslash, \b \t \n \f \r by letter,
 * other control characters as \u00xx (lowercase hex), everything else (U+007F, U+2028, U+2029, astral
 * characters) as it is. Bytes that are not valid UTF-8 are refused: decoding them would have made U+FFFD.
 */

// What each byte needs: 0 copy, 1 escape, 2 starts a multi-byte sequence (or is invalid), 3 may start "<image>".
const COPY = 0;
const MULTI_BYTE = 2;
const ANGLE = 3;
const kinds = new Uint8Array(256);
for (let byte = 0; byte < 0x20; byte++) kinds[byte] = 1;
kinds[0x22] = 1;
kinds[0x5c] = 1;
kinds[0x3c] = ANGLE;
for (let byte = 0x80; byte < 0x100; byte++) kinds[byte] = MULTI_BYTE;

const letterEscapes = new Uint8Array(0x20);
letterEscapes[0x08] = 0x62; // b
letterEscapes[0x09] = 0x74; // t
letterEscapes[0x0a] = 0x6e; // n
letterEscapes[0x0c] = 0x66; // f
letterEscapes[0x0d] = 0x72; // r
const hexDigits = new TextEncoder().encode('0123456789abcdef');
const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
const placeholderTail = new TextEncoder().encode('image>');

export class JsonTextWriter {
  /** How many "<image>" placeholders the text last written holds. */
  placeholders = 0;
  // The bytes' buffer as 32-bit words, to pass over four plain bytes at a time (one writer per column keeps
  // the view from being made again for every value).
  private buffer: ArrayBufferLike | undefined;
  private words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

  /**
   * The most bytes `write` needs for bytes[start, end): each byte escaped as \u00xx at worst; for long
   * text the escapes are counted, so a large value does not reserve six times its size.
   */
  static room(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length <= 1 << 16) return 6 * length + 2;
    let escapes = 0;
    for (let at = start; at < end; at++) if (kinds[bytes[at]!] === 1) escapes++;
    return length + 5 * escapes + 2;
  }

  /**
   * Writes bytes[start, end) as a JSON string (quotes included) at out[at], which has `room` bytes free.
   * Returns where the string ends in `out`, or -1 when the bytes are not valid UTF-8.
   */
  write(bytes: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
    // Short text is read a byte at a time: not worth a view of its buffer.
    const long = littleEndian && end - start >= 32;
    if (long && bytes.buffer !== this.buffer) {
      this.buffer = bytes.buffer;
      this.words = new Uint32Array(bytes.buffer, 0, bytes.buffer.byteLength >> 2);
    }
    const words = this.words;
    const offset = bytes.byteOffset;
    let placeholders = 0;
    let written = at;
    out[written++] = 0x22;
    for (let index = start; index < end; index++) {
      // Whole words of plain bytes are copied without looking at each byte.
      if (long && ((offset + index) & 3) === 0) {
        while (index + 4 <= end) {
          const word = words[(offset + index) >> 2]!;
          if (!isPlainWord(word)) break;
          // Little-endian: the first byte is the lowest (storing into bytes keeps the low 8 bits).
          out[written] = word;
          out[written + 1] = word >>> 8;
          out[written + 2] = word >>> 16;
          out[written + 3] = word >>> 24;
          written += 4;
          index += 4;
        }
        if (index >= end) break;
      }
      const byte = bytes[index]!;
      const kind = kinds[byte]!;
      if (kind === COPY) {
        out[written++] = byte;
      } else if (kind === MULTI_BYTE) {
        const length = sequenceLength(bytes, index, end);
        if (length === 0) return -1;
        out[written++] = byte;
        out[written++] = bytes[index + 1]!;
        if (length > 2) out[written++] = bytes[index + 2]!;
        if (length > 3) out[written++] = bytes[index + 3]!;
        index += length - 1;
      } else if (kind === ANGLE) {
        out[written++] = byte;
        if (startsPlaceholder(bytes, index, end)) placeholders++;
      } else {
        out[written++] = 0x5c;
        if (byte === 0x22 || byte === 0x5c) {
          out[written++] = byte;
        } else if (letterEscapes[byte] !== 0) {
          out[written++] = letterEscapes[byte]!;
        } else {
          out[written++] = 0x75; // u
          out[written++] = 0x30;
          out[written++] = 0x30;
          out[written++] = hexDigits[byte >> 4]!;
          out[written++] = hexDigits[byte & 0x0f]!;
        }
      }
    }
    out[written++] = 0x22;
    this.placeholders = placeholders;
    return written;
  }
}

/**
 * Whether none of a word's four bytes needs a look of its own: none below 0x20, none of `"`, `\`, `<`, none
 * of 0x80 or above. Each test is the classic bit trick that tells whether any byte is below a bound or is
 * zero (after XOR with the byte sought); the order of the bytes does not matter.
 */
function isPlainWord(word: number): boolean {
  const quote = word ^ 0x22222222;
  const backslash = word ^ 0x5c5c5c5c;
  const angle = word ^ 0x3c3c3c3c;
  const found =
    word | ((word - 0x20202020) & ~word) | ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash) | ((angle - 0x01010101) & ~angle);
  return (found & 0x80808080) === 0;
}

/** Whether "<image>" starts at bytes[at] (the "<" already seen). */
function startsPlaceholder(bytes: Uint8Array, at: number, end: number): boolean {
  if (at + 7 > end) return false;
  for (let offset = 0; offset < 6; offset++) if (bytes[at + 1 + offset] !== placeholderTail[offset]) return false;
  return true;
}

/**
 * The length of the well-formed UTF-8 sequence at bytes[at] (a byte of 0x80 or more), or 0 when it is not
 * one: no overlong forms, no surrogates, nothing past U+10FFFF, nothing cut off by `end`.
 */
export function sequenceLength(bytes: Uint8Array, at: number, end: number): number {
  const lead = bytes[at]!;
  if (lead >= 0xc2 && lead <= 0xdf) return at + 1 < end && isContinuation(bytes[at + 1]!) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    if (at + 2 >= end) return 0;
    const second = bytes[at + 1]!;
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf;
    return second >= low && second <= high && isContinuation(bytes[at + 2]!) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    if (at + 3 >= end) return 0;
    const second = bytes[at + 1]!;
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    return second >= low && second <= high && isContinuation(bytes[at + 2]!) && isContinuation(bytes[at + 3]!) ? 4 : 0;
  }
  return 0;
}

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/**
 * Whether UTF-8 text holds anything but white space, as `text.trim() !== ''` tells of the decoded string
 * (JavaScript's white space: ASCII tab to carriage return and space, U+00A0, U+1680, U+2000–U+200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF). Invalid UTF-8 answers false.
 */
export function hasVisibleText(bytes: Uint8Array, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const byte = bytes[at]!;
    if (byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)) continue;
    if (byte < 0x80) return true;
    const length = sequenceLength(bytes, at, end);
    if (length === 0) return false;
    if (!isWhiteSpace(codePointAt(bytes, at, length))) return true;
    at += length - 1;
  }
  return false;
}

function codePointAt(bytes: Uint8Array, at: number, length: number): number {
  if (length === 2) return ((bytes[at]! & 0x1f) << 6) | (bytes[at + 1]! & 0x3f);
  if (length === 3) return ((bytes[at]! & 0x0f) << 12) | ((bytes[at + 1]! & 0x3f) << 6) | (bytes[at + 2]! & 0x3f);
  return ((bytes[at]! & 0x07) << 18) | ((bytes[at + 1]! & 0x3f) << 12) | ((bytes[at + 2]! & 0x3f) << 6) | (bytes[at + 3]! & 0x3f);
}

function isWhiteSpace(codePoint: number): boolean {
  return (
    codePoint === 0xa0 ||
    codePoint === 0x1680 ||
    (codePoint >= 0x2000 && codePoint <= 0x200a) ||
    codePoint === 0x2028 ||
    codePoint === 0x2029 ||
    codePoint === 0x202f ||
    codePoint === 0x205f ||
    codePoint === 0x3000 ||
    codePoint === 0xfeff
  );
}
