import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrowingFloat64 } from './bitset.js';

const CHUNK_BYTES = 1 << 20;

/**
 * The list rows of every record (id, first words, counts), one JSON text each, kept in a temporary file
 * rather than in memory: a million records make about 100 MB of them, and a list page reads 50. Rows are
 * appended in record order and read back by index; the file is removed on close.
 */
export class SummaryStore {
  private readonly starts = new GrowingFloat64();
  private count = 0;
  /** Bytes of the file, written or being written. */
  private bytes = 0;
  /** Rows appended since the last flush, from record `currentFirst` on. */
  private current: string[] = [];
  private currentFirst = 0;
  private currentBytes = 0;
  /** Chunks being written: their bytes and file position, kept until the write is done. */
  private readonly inFlight = new Map<number, Buffer>();
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  private constructor(
    private readonly folder: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(): Promise<SummaryStore> {
    const folder = await mkdtemp(join(tmpdir(), 'vift-view-'));
    const handle = await open(join(folder, 'rows.jsonl'), 'w+');
    return new SummaryStore(folder, handle);
  }

  get size(): number {
    return this.count;
  }

  /** Appends the row of the next record. */
  append(row: string): void {
    if (this.current.length === 0) this.currentFirst = this.count;
    this.current.push(row);
    this.currentBytes += Buffer.byteLength(row);
    this.count++;
    if (this.currentBytes >= CHUNK_BYTES) this.flush();
  }

  /** Starts writing the rows appended so far. */
  flush(): void {
    if (this.current.length === 0) return;
    const chunk = Buffer.from(this.current.join(''));
    // Each row's start in the file, so that it can be read alone.
    let start = this.bytes;
    let index = this.currentFirst;
    for (const row of this.current) {
      this.starts.set(index++, start);
      start += Buffer.byteLength(row);
    }
    const position = this.bytes;
    this.bytes += chunk.length;
    this.inFlight.set(position, chunk);
    this.current = [];
    this.currentBytes = 0;
    this.writing = this.writing.then(async () => {
      try {
        await this.handle.write(chunk, 0, chunk.length, position);
      } catch (error) {
        this.failure ??= error as Error;
      } finally {
        this.inFlight.delete(position);
      }
    });
  }

  /** The rows of these records (each below `size`), in the order asked. */
  async read(indices: readonly number[]): Promise<string[]> {
    if (this.failure !== undefined) throw this.failure;
    const rows: string[] = new Array(indices.length);
    const fromFile: Array<{ slot: number; start: number; end: number }> = [];
    indices.forEach((index, slot) => {
      if (index < 0 || index >= this.count) throw new RangeError(`row ${index} is not stored (${this.count} are)`);
      if (index >= this.currentFirst && this.current.length > 0) {
        rows[slot] = this.current[index - this.currentFirst]!;
        return;
      }
      const start = this.starts.get(index);
      const end = index + 1 < this.count && !(index + 1 >= this.currentFirst && this.current.length > 0) ? this.starts.get(index + 1) : this.bytes;
      fromFile.push({ slot, start, end });
    });
    for (const { slot, start, end } of fromFile) rows[slot] = (await this.readBytes(start, end - start)).toString('utf8');
    return rows;
  }

  private async readBytes(start: number, length: number): Promise<Buffer> {
    for (const [position, chunk] of this.inFlight) {
      if (start >= position && start + length <= position + chunk.length) return chunk.subarray(start - position, start - position + length);
    }
    const bytes = Buffer.alloc(length);
    // A chunk leaves inFlight only once written, so what is not there is in the file.
    const { bytesRead } = await this.handle.read(bytes, 0, length, start);
    if (bytesRead < length) throw new RangeError(`the list file ends at byte ${start + bytesRead}, before byte ${start + length}`);
    return bytes;
  }

  async close(): Promise<void> {
    await this.writing;
    await this.handle.close().catch(() => undefined);
    await rm(this.folder, { recursive: true, force: true });
  }
}
