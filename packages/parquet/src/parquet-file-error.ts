import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.parquet-file');

/** A Parquet file vift cannot read as a dataset: not Parquet, damaged, or columns of no known layout. */
export class ParquetFileError extends ViftError {
  private readonly [marker] = true;
  readonly file: string;

  constructor(options: { file: string; message: string; fix: string; cause?: unknown }) {
    super({ name: 'ParquetFileError', message: `${options.file}: ${options.message}`, fix: options.fix, cause: options.cause });
    this.file = options.file;
  }

  static override isInstance(error: unknown): error is ParquetFileError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
