import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ViftError } from '@vift/schema';
import type { RowGroupJob } from './row-group-worker.js';
import type { RowGroupRecords } from './row-group-records.js';

type Pending = { resolve: (result: RowGroupRecords) => void; reject: (error: Error) => void };

/** Worker threads that each turn a row group into JSON records; jobs go to the least busy one. */
export class RowGroupPool {
  private readonly workers: Array<{ worker: Worker; busy: number }>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  private constructor(script: URL, size: number) {
    this.workers = Array.from({ length: size }, () => {
      // A larger young generation: each row group makes many short-lived objects.
      const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
      worker.on('message', (message: { id: number; result?: RowGroupRecords; error?: { name: string; message: string; fix?: string } }) => {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        const slot = this.workers.find((entry) => entry.worker === worker);
        if (slot !== undefined) slot.busy--;
        if (message.result !== undefined) waiting?.resolve(message.result);
        else waiting?.reject(new ViftError({ name: message.error?.name ?? 'Error', message: message.error?.message ?? 'a worker failed', fix: message.error?.fix ?? 'run it again' }));
      });
      worker.on('error', (error) => {
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
      });
      return { worker, busy: 0 };
    });
  }

  /** A pool, or undefined where the worker script is not there (running from sources rather than the build). */
  static create(size: number): RowGroupPool | undefined {
    const script = new URL('./row-group-worker.js', import.meta.url);
    if (size < 1 || script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return undefined;
    return new RowGroupPool(script, size);
  }

  get size(): number {
    return this.workers.length;
  }

  run(job: Omit<RowGroupJob, 'id'>): Promise<RowGroupRecords> {
    const id = this.nextId++;
    const slot = this.workers.reduce((least, entry) => (entry.busy < least.busy ? entry : least));
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...job, id });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
