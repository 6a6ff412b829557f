import { ViftError } from './errors.js';
import { formatIssue, issueCatalog, type ValidationIssue } from './issues.js';

const marker = Symbol.for('vift.error.dataset-validation');

/** Thrown by strict validation: carries every issue found, the message names the first. */
export class DatasetValidationError extends ViftError {
  private readonly [marker] = true;
  readonly issues: ValidationIssue[];

  constructor(options: { issues: ValidationIssue[]; file?: string }) {
    const [first] = options.issues;
    const more = options.issues.length > 1 ? ` (and ${options.issues.length - 1} more issue(s))` : '';
    const fileOption = options.file === undefined ? {} : { file: options.file };
    super({
      name: 'DatasetValidationError',
      message: first === undefined ? 'the dataset is invalid' : `${formatIssue(first, { ...fileOption, withFix: false })}${more}`,
      fix: first === undefined ? undefined : issueCatalog[first.code].fix,
    });
    this.issues = options.issues;
  }

  static override isInstance(error: unknown): error is DatasetValidationError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

