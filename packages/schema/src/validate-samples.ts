import { DatasetValidationError } from './dataset-validation-error.js';
import { createIssue, type ValidationIssue } from './issues.js';
import { IdTracker } from './id-tracker.js';
import { validateSample, type SampleValidation } from './validate-sample.js';

export type IndexedValidation = SampleValidation & { index: number };

export type ValidateSamplesOptions = {
  /** Throw one `DatasetValidationError` with every issue once the stream ends. */
  strict?: boolean;
  /** Report a sample whose id was already seen. Default true. */
  checkDuplicateIds?: boolean;
};

/**
 * Validates a stream of values one by one, in bounded memory (ids are remembered as hashes), yielding each
 * with its issues. In strict mode every result is still yielded, then the error is thrown at the end.
 */
export async function* validateSamples(
  inputs: Iterable<unknown> | AsyncIterable<unknown>,
  options: ValidateSamplesOptions = {},
): AsyncGenerator<IndexedValidation> {
  const ids = options.checkDuplicateIds === false ? undefined : new IdTracker();
  const collected: ValidationIssue[] = [];
  let index = 0;
  for await (const input of inputs) {
    const result: IndexedValidation = { ...validateSample(input, { index }), index };
    if (ids !== undefined && result.sample !== undefined) {
      const duplicate = duplicateIdIssue(ids, result.sample.id, index);
      if (duplicate !== undefined) {
        result.issues.push(duplicate);
        result.valid = false;
      }
    }
    if (options.strict === true) collected.push(...result.issues);
    yield result;
    index++;
  }
  if (collected.some((issue) => issue.severity === 'error')) throw new DatasetValidationError({ issues: collected });
}

/** The duplicate-id issue for `id` at `index`, if the tracker saw the id before. */
export function duplicateIdIssue(ids: IdTracker, id: string, index: number): ValidationIssue | undefined {
  const first = ids.add(id, index);
  if (first === undefined) return undefined;
  return createIssue('duplicate-id', `id ${JSON.stringify(id)} was already used by record ${first}`, { sampleId: id, index });
}
