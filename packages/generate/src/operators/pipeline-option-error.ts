import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.pipeline-option');

/** An operator, a random source or a hash given an option it cannot work with (a negative size, weights that sum to 0). */
export class PipelineOptionError extends ViftError {
  private readonly [marker] = true;
  /** The function that refused the option, e.g. `shuffle`. */
  readonly operator: string;
  /** The option's name, e.g. `bufferSize`. */
  readonly option: string;

  constructor(options: { operator: string; option: string; message: string; fix: string }) {
    super({ name: 'PipelineOptionError', message: `${options.operator}: ${options.option} ${options.message}`, fix: options.fix });
    this.operator = options.operator;
    this.option = options.option;
  }

  static override isInstance(error: unknown): error is PipelineOptionError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

/** Throws unless `value` is an integer from `minimum` up (a safe integer, or Infinity when `infinite` is allowed). */
export function checkInteger(operator: string, option: string, value: unknown, minimum: number, infinite = false): number {
  const valid = typeof value === 'number' && (Number.isSafeInteger(value) || (infinite && value === Infinity)) && value >= minimum;
  if (!valid) {
    throw new PipelineOptionError({
      operator,
      option,
      message: `must be an integer ≥ ${minimum}${infinite ? ' (or Infinity)' : ''} (got ${describeValue(value)})`,
      fix: `pass a whole number of at least ${minimum}`,
    });
  }
  return value;
}

/** Throws unless `value` is a safe integer: seeds are integers so that a run can be written down and repeated. */
export function checkSeed(operator: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new PipelineOptionError({ operator, option: 'seed', message: `must be an integer (got ${describeValue(value)})`, fix: 'pass a whole number such as 0 or 42' });
  }
  return value;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  return typeof value;
}
