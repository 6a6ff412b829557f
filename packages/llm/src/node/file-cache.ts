import { open, mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CachedReply, ResponseCache } from '../response-cache.js';

export type FileCacheOptions = {
  /** The JSONL file; made (with its folder) when missing. */
  file: string;
  /** Keep each reply's whole body (`raw`) too; off by default, which keeps the file about half as big. */
  keepRaw?: boolean;
};

export type FileCache = ResponseCache & {
  /** Replies in the file, and lines that could not be read (a torn last line is cut off, not counted). */
  stats(): Promise<{ entries: number; skippedLines: number; truncatedBytes: number }>;
  close(): Promise<void>;
};

type Entry = { offset: number; length: number };

const NEWLINE = 0x0a;
const READ_CHUNK = 1 << 20;

/**
 * A response cache in an append-only JSONL file, one `{"key", "reply"}` line per reply, so a killed run
 * started again asks only for what it had not got. The file is indexed when first used (key → byte
 * range; replies are read back on a hit, so a large cache costs little memory). A last line cut short by
 * a crash is cut off the file; each new line is written whole with one append.
 *
 * One process writes a cache file at a time: give each worker of a sharded run its own file.
 */
export function createFileCache(options: FileCacheOptions): FileCache {
  const { file } = options;
  const index = new Map<string, Entry>();
  let skippedLines = 0;
  let truncatedBytes = 0;
  let size = 0;
  let handle: FileHandle | undefined;
  let writes: Promise<void> = Promise.resolve();
  let opened: Promise<FileHandle> | undefined;

  async function load(): Promise<FileHandle> {
    await mkdir(dirname(file), { recursive: true });
    const fileHandle = await open(file, 'a+');
    let lineStart = 0;
    let position = 0;
    let pending: Uint8Array[] = [];
    const buffer = new Uint8Array(READ_CHUNK);
    for (;;) {
      const { bytesRead } = await fileHandle.read(buffer, 0, READ_CHUNK, position);
      if (bytesRead === 0) break;
      let start = 0;
      for (let at = buffer.indexOf(NEWLINE, 0); at !== -1 && at < bytesRead; at = buffer.indexOf(NEWLINE, at + 1)) {
        pending.push(buffer.slice(start, at));
        indexLine(concat(pending), lineStart);
        pending = [];
        lineStart = position + at + 1;
        start = at + 1;
      }
      if (start < bytesRead) pending.push(buffer.slice(start, bytesRead));
      position += bytesRead;
    }
    // Bytes after the last newline are a line a crash cut short: drop them so the next line starts clean.
    if (position > lineStart) {
      truncatedBytes = position - lineStart;
      await fileHandle.truncate(lineStart);
    }
    size = lineStart;
    handle = fileHandle;
    return fileHandle;
  }

  function indexLine(bytes: Uint8Array, offset: number): void {
    if (bytes.length === 0) return;
    const key = keyOf(bytes);
    if (key === undefined) skippedLines++;
    else index.set(key, { offset, length: bytes.length });
  }

  const ready = () => (opened ??= load());

  return {
    async get(key) {
      const fileHandle = await ready();
      const entry = index.get(key);
      if (entry === undefined) return undefined;
      const bytes = new Uint8Array(entry.length);
      await fileHandle.read(bytes, 0, entry.length, entry.offset);
      const record = parseLine(bytes);
      // The index and the file disagree only if another process wrote to it: treat as a miss.
      return record?.key === key ? record.reply : undefined;
    },
    async set(key, reply) {
      const fileHandle = await ready();
      const stored: CachedReply = options.keepRaw === true ? reply : withoutRaw(reply);
      const bytes = new TextEncoder().encode(`${JSON.stringify({ key, reply: stored })}\n`);
      const write = writes.then(async () => {
        await fileHandle.write(bytes);
        index.set(key, { offset: size, length: bytes.length - 1 });
        size += bytes.length;
      });
      writes = write.catch(() => undefined);
      await write;
    },
    async stats() {
      await ready();
      await writes;
      return { entries: index.size, skippedLines, truncatedBytes };
    },
    async close() {
      if (opened === undefined) return;
      await opened.catch(() => undefined);
      await writes;
      await handle?.close();
      handle = undefined;
      opened = undefined;
      index.clear();
    },
  };
}

function withoutRaw(reply: CachedReply): CachedReply {
  const { raw: _raw, ...rest } = reply;
  return rest;
}

function parseLine(bytes: Uint8Array): { key: string; reply: CachedReply } | undefined {
  try {
    const record: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof record !== 'object' || record === null) return undefined;
    const { key, reply } = record as { key?: unknown; reply?: unknown };
    if (typeof key !== 'string' || typeof reply !== 'object' || reply === null) return undefined;
    const { text, usage } = reply as { text?: unknown; usage?: unknown };
    if (typeof text !== 'string' || typeof usage !== 'object' || usage === null) return undefined;
    return { key, reply: reply as CachedReply };
  } catch {
    return undefined;
  }
}

function keyOf(bytes: Uint8Array): string | undefined {
  return parseLine(bytes)?.key;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}
