import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.dataset-file');

/** A file vift cannot read as a dataset at all: empty, not JSON records, truncated framing. */
export class DatasetFileError extends ViftError {
  private readonly [marker] = true;
  readonly file: string;
  readonly byteOffset: number | undefined;

  constructor(options: { file: string; message: string; fix: string; byteOffset?: number; cause?: unknown }) {
    const at = options.byteOffset === undefined ? '' : ` (at byte ${options.byteOffset})`;
    super({ name: 'DatasetFileError', message: `${options.file}: ${options.message}${at}`, fix: options.fix, cause: options.cause });
    this.file = options.file;
    this.byteOffset = options.byteOffset;
  }

  static override isInstance(error: unknown): error is DatasetFileError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
