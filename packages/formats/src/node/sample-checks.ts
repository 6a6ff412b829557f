import { IdTracker, checkSample, duplicateIdIssue, type Sample, type ValidationIssue } from '@vift/schema';
import { checkImageFiles } from './image-files.js';

export type SampleChecks = (sample: Sample, index: number, byteOffset?: number) => ValidationIssue[] | Promise<ValidationIssue[]>;

/**
 * The checks every record of a dataset gets once it is a sample, whatever file it came from: the dialog
 * rules, ids seen before (remembered as hashes), and optionally the image files under a root (the only
 * check that waits, so without a root no promise is made per record).
 */
export function createSampleChecks(options: { checkDuplicateIds?: boolean | undefined; imageRoot?: string | undefined }): SampleChecks {
  const ids = options.checkDuplicateIds === false ? undefined : new IdTracker();
  const imageRoot = options.imageRoot;
  const check = (sample: Sample, index: number, byteOffset?: number): ValidationIssue[] => {
    const issues = checkSample(sample, index);
    const duplicate = ids === undefined ? undefined : duplicateIdIssue(ids, sample.id, index);
    if (duplicate !== undefined) issues.push(duplicate);
    return placed(issues, byteOffset);
  };
  if (imageRoot === undefined) return check;
  return async (sample, index, byteOffset) => [...check(sample, index, byteOffset), ...placed(await checkImageFiles(sample, index, imageRoot), byteOffset)];
}

function placed(issues: ValidationIssue[], byteOffset: number | undefined): ValidationIssue[] {
  return byteOffset === undefined || issues.length === 0 ? issues : issues.map((issue) => ({ ...issue, byteOffset }));
}

/**
 * A mapped record's issues plus those the checks find in its sample, as a promise only when a check waits
 * (callers: `const found = allIssues(...); const issues = Array.isArray(found) ? found : await found`).
 */
export function allIssues(
  mapped: { sample: Sample | undefined; issues: readonly ValidationIssue[] },
  checks: SampleChecks,
  index: number,
  byteOffset?: number,
): ValidationIssue[] | Promise<ValidationIssue[]> {
  if (mapped.sample === undefined) return [...mapped.issues];
  const found = checks(mapped.sample, index, byteOffset);
  return Array.isArray(found) ? [...mapped.issues, ...found] : found.then((more) => [...mapped.issues, ...more]);
}
