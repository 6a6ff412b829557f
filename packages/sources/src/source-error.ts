import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.source-file');

/** Where in a source file a problem is: the array member, the element's index and id, the byte. */
export type SourceFileErrorOptions = {
  file: string;
  message: string;
  fix: string;
  /** The top-level member the record sits in (`annotations`, `questions`...). */
  key?: string;
  /** The record's index within its array. */
  index?: number;
  /** The record's own id, when it has one. */
  id?: string;
  /** The byte offset in the file where the record (or the problem) starts. */
  byteOffset?: number;
  cause?: unknown;
};

/**
 * A source annotation file vift cannot read: missing, not JSON, truncated, or of another kind than the
 * loader expects. The message is one line naming the file and, when known, the record.
 */
export class SourceFileError extends ViftError {
  private readonly [marker] = true;
  readonly file: string;
  readonly key: string | undefined;
  readonly index: number | undefined;
  readonly id: string | undefined;
  readonly byteOffset: number | undefined;

  constructor(options: SourceFileErrorOptions) {
    super({ name: 'SourceFileError', message: `${options.file}${describePlace(options)}: ${options.message}`, fix: options.fix, cause: options.cause });
    this.file = options.file;
    this.key = options.key;
    this.index = options.index;
    this.id = options.id;
    this.byteOffset = options.byteOffset;
  }

  static override isInstance(error: unknown): error is SourceFileError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

function describePlace(options: SourceFileErrorOptions): string {
  const key = options.key === undefined ? '' : ` "${options.key}"`;
  const record = options.index === undefined ? key : options.key === undefined ? ` record ${options.index}` : `${key}[${options.index}]`;
  const details = [options.id === undefined ? undefined : `id ${options.id}`, options.byteOffset === undefined ? undefined : `at byte ${options.byteOffset}`]
    .filter((part) => part !== undefined)
    .join(', ');
  return `${record}${details === '' ? '' : ` (${details})`}`;
}
