import { open, type FileHandle } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EvalFileError } from './eval-file-error.js';
import { isRecord, type JsonRecord } from './read-json-lines.js';

export type AppendLog = {
  /** The records already in the file when it was opened. */
  records: JsonRecord[];
  /** Appends one record as one whole line. */
  append(record: JsonRecord): Promise<void>;
  close(): Promise<void>;
};

const NEWLINE = 0x0a;

/**
 * An append-only JSONL file that a killed run can resume from: each record is one write of one line, and
 * a last line cut short by the kill is cut off when the file is opened again. A bad line elsewhere is an
 * error: the file was not written by this log.
 */
export async function openAppendLog(file: string): Promise<AppendLog> {
  await mkdir(dirname(file), { recursive: true });
  const handle: FileHandle = await open(file, 'a+');
  const bytes = await handle.readFile();
  const records: JsonRecord[] = [];
  let start = 0;
  let line = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end === -1) {
      // A torn last line: drop it so the next append starts a fresh line.
      await handle.truncate(start);
      break;
    }
    line++;
    const text = bytes.subarray(start, end).toString('utf8');
    start = end + 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      await handle.close();
      throw new EvalFileError({ file, line, message: 'the run log has a line that is not JSON', fix: 'delete the output folder to start the run afresh', cause: error });
    }
    if (isRecord(value)) records.push(value);
  }
  let writes = Promise.resolve();
  return {
    records,
    append(record) {
      const text = `${JSON.stringify(record)}\n`;
      writes = writes.then(async () => {
        await handle.appendFile(text, 'utf8');
      });
      return writes;
    },
    async close() {
      await writes.catch(() => undefined);
      await handle.close();
    },
  };
}
