import type { Container } from '../format-adapter.js';
import { AtomicFile } from './atomic-file.js';

/** Writes records as a JSON array or as JSON Lines, atomically (see `AtomicFile`). */
export class RecordWriter {
  private readonly file: AtomicFile;
  private count = 0;

  constructor(
    readonly path: string,
    readonly container: Container,
  ) {
    this.file = new AtomicFile(path);
  }

  get written(): number {
    return this.count;
  }

  /** Returns a promise only when the buffer had to be flushed, so most records cost no await. */
  write(record: unknown): Promise<void> | undefined {
    const json = JSON.stringify(record);
    const before = this.container === 'jsonl' ? '' : this.count === 0 ? '[\n' : ',\n';
    const after = this.container === 'jsonl' ? '\n' : '';
    this.count++;
    if (this.file.fits(before.length + json.length + after.length)) {
      this.file.append(before);
      this.file.append(json);
      this.file.append(after);
      return undefined;
    }
    return this.writeSlowly(before, json, after);
  }

  /**
   * Writes a record's original JSON bytes, for a record the target format would write back unchanged:
   * no parse-and-print round trip. For JSON Lines the bytes must hold no line break.
   */
  writeBytes(bytes: Uint8Array): Promise<void> | undefined {
    const before = this.container === 'jsonl' ? '' : this.count === 0 ? '[\n' : ',\n';
    const after = this.container === 'jsonl' ? '\n' : '';
    this.count++;
    // Separators are ASCII: their length in UTF-16 units is their length in bytes.
    if (this.file.fits(before.length + after.length + Math.ceil(bytes.length / 3))) {
      if (before !== '') this.file.append(before);
      if (this.file.appendBytes(bytes)) {
        if (after !== '') this.file.append(after);
        return undefined;
      }
      return this.file.writeBytes(bytes).then(() => this.writeSlowly(after));
    }
    return this.writeSlowly(before).then(() => this.file.writeBytes(bytes)).then(() => this.writeSlowly(after));
  }

  private async writeSlowly(...texts: string[]): Promise<void> {
    for (const text of texts) if (!this.file.append(text)) await this.file.flushFor(text);
  }

  async commit(): Promise<void> {
    if (this.container === 'json') await this.file.write(this.count === 0 ? '[]\n' : '\n]\n');
    await this.file.commit();
  }

  abort(): Promise<void> {
    return this.file.abort();
  }
}
