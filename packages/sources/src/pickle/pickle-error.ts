import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.pickle');

/**
 * A pickle vift will not or cannot read: one that would import or call Python code, a set or other
 * type outside plain data, or bytes that are not a pickle or end early. The message names the byte and
 * the opcode.
 */
export class PickleError extends ViftError {
  private readonly [marker] = true;
  /** Where the opcode at fault starts. */
  readonly byteOffset: number;
  /** The opcode's name (`REDUCE`, `GLOBAL`...), when the problem is one opcode. */
  readonly opcode: string | undefined;

  constructor(options: { message: string; fix: string; byteOffset: number; opcode?: string }) {
    super({ name: 'PickleError', message: `byte ${options.byteOffset}${options.opcode === undefined ? '' : ` (${options.opcode})`}: ${options.message}`, fix: options.fix });
    this.byteOffset = options.byteOffset;
    this.opcode = options.opcode;
  }

  static override isInstance(error: unknown): error is PickleError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
