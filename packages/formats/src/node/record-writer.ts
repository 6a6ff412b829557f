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

  async write(record: unknown): Promise<void> {
    const json = JSON.stringify(record);
    if (this.container === 'jsonl') await this.file.write(`${json}\n`);
    else await this.file.write(this.count === 0 ? `[\n${json}` : `,\n${json}`);
    this.count++;
  }

  async commit(): Promise<void> {
    if (this.container === 'json') await this.file.write(this.count === 0 ? '[]\n' : '\n]\n');
    await this.file.commit();
  }

  abort(): Promise<void> {
    return this.file.abort();
  }
}
