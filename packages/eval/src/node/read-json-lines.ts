import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { EvalFileError } from './eval-file-error.js';

export type JsonRecord = Record<string, unknown>;

export const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON objects of a JSON-lines file, with their line numbers; blank lines are skipped. */
export async function* readJsonLines(file: string): AsyncIterable<{ line: number; value: JsonRecord }> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new EvalFileError({ file, line, message: 'the line is not JSON', fix: 'write one JSON object per line', cause: error });
      }
      if (!isRecord(value)) throw new EvalFileError({ file, line, message: 'the line is not a JSON object', fix: 'write one JSON object per line' });
      yield { line, value };
    }
  } catch (error) {
    if (EvalFileError.isInstance(error)) throw error;
    throw new EvalFileError({ file, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, fix: 'check the path', cause: error });
  } finally {
    lines.close();
    stream.destroy();
  }
}
