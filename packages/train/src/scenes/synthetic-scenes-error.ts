import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.synthetic-scenes');

/** An option of `createSyntheticScenes` out of range, or an output folder that cannot be written. */
export class SyntheticScenesError extends ViftError {
  private readonly [marker] = true;
  /** The option at fault (`count`, `imageSize`...), or `outputDirectory` for a write failure. */
  readonly option: string;

  constructor(options: { option: string; message: string; fix: string; cause?: unknown }) {
    super({ name: 'SyntheticScenesError', message: `synthetic scenes: ${options.message}`, fix: options.fix, cause: options.cause });
    this.option = options.option;
  }

  static override isInstance(error: unknown): error is SyntheticScenesError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
