import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.shard-spec');

/** A shard written as something other than `index/count` with 0 ≤ index < count. */
export class ShardSpecError extends ViftError {
  private readonly [marker] = true;
  /** The spec as given. */
  readonly spec: string;

  constructor(options: { spec: string; message: string; fix?: string }) {
    super({
      name: 'ShardSpecError',
      message: `shard "${options.spec}": ${options.message}`,
      fix: options.fix ?? 'write the shard as index/count with 0 ≤ index < count, e.g. 0/8 … 7/8',
    });
    this.spec = options.spec;
  }

  static override isInstance(error: unknown): error is ShardSpecError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
