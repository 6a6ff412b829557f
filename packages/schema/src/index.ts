export { ViftError } from './errors.js';
export { DatasetValidationError } from './dataset-validation-error.js';
export { jsonObjectSchema, jsonValueSchema, type JsonObject, type JsonPrimitive, type JsonValue } from './json-value.js';
export {
  FORMAT_VERSION,
  IMAGE_PLACEHOLDER,
  imageRefSchema,
  provenanceSchema,
  roleSchema,
  sampleSchema,
  turnSchema,
  type ImageRef,
  type Provenance,
  type Role,
  type Sample,
  type Turn,
} from './sample.js';
export {
  createIssue,
  formatIssue,
  hasErrors,
  issueCatalog,
  issueCodes,
  type IssueCode,
  type IssueSeverity,
  type ValidationIssue,
} from './issues.js';
export { countPlaceholders } from './placeholders.js';
export { checkSample } from './check-sample.js';
export { formatPath, validateSample, type SampleValidation, type ValidateSampleOptions } from './validate-sample.js';
export {
  duplicateIdIssue,
  validateSamples,
  type IndexedValidation,
  type ValidateSamplesOptions,
} from './validate-samples.js';
export { IdTracker } from './id-tracker.js';
export { IssueReport, type IssueReportSummary } from './issue-report.js';
export { sampleJsonSchema } from './json-schema.js';
