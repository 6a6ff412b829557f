import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.train.config');

/**
 * A training config that cannot be planned: an invalid value, batch sizes that do not multiply to the
 * global batch, a multi-node cluster without an address. Names the setting to change.
 */
export class TrainConfigError extends ViftError {
  private readonly [marker] = true;
  /** The setting to change, as a dotted path of the config ("training.gradientAccumulationSteps"). */
  readonly setting: string;

  constructor(options: { setting: string; message: string; fix: string; file?: string | undefined; cause?: unknown }) {
    const place = options.file === undefined ? '' : `${options.file}: `;
    super({ name: 'TrainConfigError', message: `${place}${options.setting}: ${options.message}`, fix: options.fix, cause: options.cause });
    this.setting = options.setting;
  }

  static override isInstance(error: unknown): error is TrainConfigError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
