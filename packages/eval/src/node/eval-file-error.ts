import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.eval.file');

/** A file the evaluation helpers cannot read: missing, not JSON, a line that is not a JSON object. */
export class EvalFileError extends ViftError {
  private readonly [marker] = true;
  readonly file: string;
  readonly line: number | undefined;

  constructor(options: { file: string; message: string; fix: string; line?: number; cause?: unknown }) {
    super({
      name: 'EvalFileError',
      message: `${options.file}${options.line === undefined ? '' : `:${options.line}`}: ${options.message}`,
      fix: options.fix,
      cause: options.cause,
    });
    this.file = options.file;
    this.line = options.line;
  }

  static override isInstance(error: unknown): error is EvalFileError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
