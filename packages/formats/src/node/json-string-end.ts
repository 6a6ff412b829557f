const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** What a JSON string scan carries from one chunk to the next: whether the chunk ended on an unpaired backslash. */
export type JsonStringScan = { escapePending: boolean };

/**
 * Finds the end of the JSON string being read, from `from` (inside the string) in this chunk: the index just
 * past its closing quote, or -1 when the chunk ends first (then `scan.escapePending` says whether the next
 * chunk's first byte is escaped). Jumps from quote to quote with `indexOf` and counts the backslashes before
 * each, so long strings cost little.
 */
export function jsonStringEnd(chunk: Buffer, from: number, scan: JsonStringScan): number {
  let i = from;
  for (;;) {
    const quote = chunk.indexOf(QUOTE, i);
    const scanEnd = quote === -1 ? chunk.length : quote;
    let backslashes = 0;
    let k = scanEnd - 1;
    while (k >= i && chunk[k] === BACKSLASH) {
      backslashes++;
      k--;
    }
    const runReachesStart = k < i;
    const carried = runReachesStart && i === from && scan.escapePending ? 1 : 0;
    const escaped = ((backslashes + carried) & 1) === 1;
    if (quote === -1) {
      scan.escapePending = escaped;
      return -1;
    }
    scan.escapePending = false;
    if (!escaped) return quote + 1;
    i = quote + 1;
  }
}
