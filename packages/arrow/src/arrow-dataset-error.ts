import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.arrow-dataset');

/** Arrow data vift cannot read as a dataset: not Arrow IPC, or columns of no known layout. */
export class ArrowDatasetError extends ViftError {
  private readonly [marker] = true;
  readonly file: string;

  constructor(options: { file: string; message: string; fix: string; cause?: unknown }) {
    super({ name: 'ArrowDatasetError', message: `${options.file}: ${options.message}`, fix: options.fix, cause: options.cause });
    this.file = options.file;
  }

  static override isInstance(error: unknown): error is ArrowDatasetError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
