import type { z } from 'zod';
import { checkSample } from './check-sample.js';
import { DatasetValidationError } from './dataset-validation-error.js';
import { createIssue, hasErrors, type ValidationIssue } from './issues.js';
import { sampleSchema, type Sample } from './sample.js';

export type SampleValidation = {
  /** The typed sample, when the input had the right shape (it may still have dialog issues). */
  sample: Sample | undefined;
  issues: ValidationIssue[];
  /** No issue of severity "error". */
  valid: boolean;
};

export type ValidateSampleOptions = {
  /** Position of the sample in its dataset, used in issues. Default 0. */
  index?: number;
  /** Throw a `DatasetValidationError` instead of returning issues of severity "error". */
  strict?: boolean;
};

/** Checks any value against vift/v1: the shape first (zod), then the dialog rules. */
export function validateSample(input: unknown, options: ValidateSampleOptions = {}): SampleValidation {
  const index = options.index ?? 0;
  const parsed = sampleSchema.safeParse(input);
  // The schema has no transforms, so a valid input is its own typed sample; zod's copy would drop meta keys
  // named "__proto__", which records read from JSON can have.
  const sample = input as Sample;
  const result: SampleValidation = parsed.success
    ? withValidity(sample, checkSample(sample, index))
    : withValidity(undefined, structureIssues(parsed.error, input, index));
  if (options.strict === true && !result.valid) throw new DatasetValidationError({ issues: result.issues });
  return result;
}

function withValidity(sample: Sample | undefined, issues: ValidationIssue[]): SampleValidation {
  return { sample, issues, valid: !hasErrors(issues) };
}

function structureIssues(error: z.ZodError, input: unknown, index: number): ValidationIssue[] {
  const sampleId = readId(input);
  return error.issues.map((zodIssue) => {
    const path = formatPath(zodIssue.path);
    const [head, turnIndex] = zodIssue.path;
    const place = { sampleId, index, path, ...(head === 'turns' && typeof turnIndex === 'number' ? { turnIndex } : {}) };
    return createIssue('invalid-structure', `${path === '' ? 'the sample' : path}: ${zodIssue.message}`, place);
  });
}

function readId(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const id = (input as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}

/** `["turns", 2, "text"]` → `turns[2].text` */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}
