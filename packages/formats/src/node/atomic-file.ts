import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';

/**
 * A file written under a temporary name in the same folder and renamed into place on `commit`, so a failed
 * or interrupted run never leaves a half-written output. `abort` removes the temporary file.
 */
export class AtomicFile {
  readonly temporaryPath: string;
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private pending: string[] = [];
  private pendingLength = 0;
  private static readonly flushAt = 1 << 20;

  constructor(readonly path: string) {
    const suffix = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    this.temporaryPath = join(dirname(path), `.${basename(path)}.tmp-${suffix}`);
    this.stream = createWriteStream(this.temporaryPath);
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Buffers text and hands it to the stream in large pieces, waiting when the disk is behind. */
  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= AtomicFile.flushAt) await this.flush();
  }

  private async flush(): Promise<void> {
    this.throwIfFailed();
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
    this.throwIfFailed();
  }

  async commit(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
    this.throwIfFailed();
    await rename(this.temporaryPath, this.path);
  }

  async abort(): Promise<void> {
    this.pending = [];
    if (!this.stream.closed) {
      this.stream.destroy();
      await once(this.stream, 'close').catch(() => undefined);
    }
    await rm(this.temporaryPath, { force: true });
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
