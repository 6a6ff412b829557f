import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.viewer');

/** The viewer cannot start: the port is taken, the dataset or image root is not there. */
export class ViewerError extends ViftError {
  private readonly [marker] = true;

  constructor(options: { message: string; fix: string; cause?: unknown }) {
    super({ name: 'ViewerError', message: options.message, fix: options.fix, cause: options.cause });
  }

  static override isInstance(error: unknown): error is ViewerError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
