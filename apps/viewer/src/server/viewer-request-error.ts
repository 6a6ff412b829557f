import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.viewer-request');

/** A request the viewer's server refuses: the HTTP status and a one-line reason the page shows. */
export class ViewerRequestError extends ViftError {
  private readonly [marker] = true;

  constructor(
    readonly status: number,
    message: string,
  ) {
    super({ name: 'ViewerRequestError', message });
  }

  static override isInstance(error: unknown): error is ViewerRequestError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
