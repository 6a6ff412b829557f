import { readFileChunks } from '../json/read-file-chunks.js';

/** Streams a UTF-8 text file's lines, without their `\n` or `\r\n`; a last line without newline counts, an empty end does not. */
export async function* readTextLines(file: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of readFileChunks(file)) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  pending += decoder.decode();
  if (pending !== '') yield pending.endsWith('\r') ? pending.slice(0, -1) : pending;
}
