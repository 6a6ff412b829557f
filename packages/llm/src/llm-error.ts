/** The brand every vift error carries: `ViftError.isInstance` from `@vift/schema` checks for it. */
const viftErrorMarker = Symbol.for('vift.error');
const llmErrorMarker = Symbol.for('vift.error.llm');

/**
 * Base class of the errors the chat client throws on purpose. It carries the same brand as `ViftError`
 * (`@vift/schema`), so `ViftError.isInstance` recognises it, without this package depending on the schema.
 * Messages never contain the API key: the client redacts them before they get here.
 */
export class LlmError extends Error {
  private readonly [viftErrorMarker] = true;
  private readonly [llmErrorMarker] = true;
  /** A short hint at how to fix the problem, when there is one. */
  readonly fix: string | undefined;

  constructor(options: { name?: string; message: string; fix?: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name ?? 'LlmError';
    this.fix = options.fix;
  }

  static isInstance(error: unknown): error is LlmError {
    return typeof error === 'object' && error !== null && llmErrorMarker in error;
  }

  /** The message and the fix as one line, the way a command line shows it. */
  toLine(): string {
    const message = this.message.replace(/\s*\n\s*/g, ' ');
    return this.fix === undefined ? message : `${message}. Fix: ${this.fix}`;
  }
}
