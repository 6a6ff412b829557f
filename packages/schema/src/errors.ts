const viftErrorMarker = Symbol.for('vift.error');

/**
 * Base class of every error vift throws on purpose. `isInstance` works across copies of the package
 * (a brand symbol, not `instanceof`), so a CLI or app can tell a user's mistake from a bug.
 */
export class ViftError extends Error {
  private readonly [viftErrorMarker] = true;
  /** A short hint at how to fix the problem, when there is one. */
  readonly fix: string | undefined;

  constructor(options: { name?: string; message: string; fix?: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name ?? 'ViftError';
    this.fix = options.fix;
  }

  static isInstance(error: unknown): error is ViftError {
    return typeof error === 'object' && error !== null && viftErrorMarker in error;
  }

  /** The message and the fix as one line, the way a command line shows it. */
  toLine(): string {
    const message = this.message.replace(/\s*\n\s*/g, ' ');
    return this.fix === undefined ? message : `${message}. Fix: ${this.fix}`;
  }
}
