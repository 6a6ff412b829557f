import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import { DatasetFileError } from './dataset-file-error.js';

const BUFFER_BYTES = 4 << 20;

/**
 * A file written under a temporary name in the same folder and renamed into place on `commit`, so a failed
 * or interrupted run never leaves a half-written output. `abort` removes the temporary file.
 */
export class AtomicFile {
  readonly temporaryPath: string;
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  // Text is encoded straight into a large buffer: joining many small strings first costs more than the
  // encoding itself once some of them hold non-ASCII text.
  private buffer: Buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private readonly spare: Buffer[] = [];

  constructor(readonly path: string) {
    const suffix = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    this.temporaryPath = join(dirname(path), `.${basename(path)}.tmp-${suffix}`);
    // Room for a few buffers in flight, so filling the next one overlaps with writing the last.
    this.stream = createWriteStream(this.temporaryPath, { highWaterMark: 4 * BUFFER_BYTES });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Buffers text and hands it to the stream in large pieces, waiting when the disk is behind. */
  async write(text: string): Promise<void> {
    if (!this.append(text)) await this.flushFor(text);
  }

  /**
   * Adds text to the buffer without waiting; returns false (and adds nothing) when the buffer is too full,
   * after which the caller awaits `flushFor(text)`. Lets a writer skip a promise per record.
   */
  append(text: string): boolean {
    if (!this.fits(text.length)) return false;
    this.used += this.buffer.write(text, this.used);
    return true;
  }

  /** Adds bytes as they are; returns false (adding nothing) when they do not fit, then await `writeBytes`. */
  appendBytes(bytes: Uint8Array): boolean {
    if (this.used + bytes.length > this.buffer.length) return false;
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
    return true;
  }

  /** Adds bytes as they are, flushing first when they do not fit. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (this.appendBytes(bytes)) return;
    await this.flush();
    if (!this.appendBytes(bytes)) await this.hand(Buffer.from(bytes));
  }

  /** Whether text of this many UTF-16 units surely fits (UTF-8 needs at most 3 bytes per unit). */
  fits(length: number): boolean {
    return this.used + length * 3 <= this.buffer.length;
  }

  /** Flushes the buffer, then adds `text` (or hands it over whole when it is larger than the buffer). */
  async flushFor(text: string): Promise<void> {
    await this.flush();
    if (!this.append(text)) await this.hand(Buffer.from(text, 'utf8'));
  }

  private async flush(): Promise<void> {
    this.throwIfFailed();
    if (this.used === 0) return;
    const full = this.buffer;
    const chunk = full.subarray(0, this.used);
    this.used = 0;
    // Fill another buffer while the disk takes this one; a written buffer comes back to be filled again
    // (a fresh one costs a page fault per 4 KiB).
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafe(BUFFER_BYTES);
    await this.hand(chunk, () => this.spare.push(full));
  }

  private async hand(chunk: Buffer, written?: () => void): Promise<void> {
    const ready = this.stream.write(chunk, (error) => {
      if (error == null) written?.();
    });
    // A stream error rejects the wait; the error handler has kept it for throwIfFailed.
    if (!ready) await once(this.stream, 'drain').catch(() => undefined);
    this.throwIfFailed();
  }

  /** Writes out what is buffered and closes the temporary file, without renaming it yet. */
  async close(): Promise<void> {
    await this.flush();
    if (!this.stream.closed) {
      this.stream.end();
      await once(this.stream, 'close').catch(() => undefined);
    }
    this.throwIfFailed();
  }

  /** Closes the file and renames it into place: at `path`, or at `finalPath` when the name was not known at the start. */
  async commit(finalPath: string = this.path): Promise<void> {
    await this.close();
    await rename(this.temporaryPath, finalPath).catch((error: unknown) => {
      throw this.writeError(error);
    });
  }

  async abort(): Promise<void> {
    this.used = 0;
    if (!this.stream.closed) {
      this.stream.destroy();
      await once(this.stream, 'close').catch(() => undefined);
    }
    await rm(this.temporaryPath, { force: true });
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.writeError(this.failure);
  }

  /** A full disk or a read-only folder is the user's to fix: one line naming the file, not a stack trace. */
  private writeError(error: unknown): DatasetFileError {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return new DatasetFileError({ file: this.path, message: `cannot write the file (${code})`, fix: 'check that its folder exists and is writable and that the disk has space', cause: error });
  }
}
