import { DuplicateIdError, MetricInputError, MissingIdError, MissingPredictionError, UnknownIdError, type RecordPlace } from './eval-errors.js';

type Id = string | number;

const isId = (value: unknown): value is Id => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/** Records by id, refusing records without an id and ids given twice. */
export function indexById<T>(records: readonly T[], idOf: (record: T) => unknown, place: RecordPlace & { field: string }): Map<Id, { record: T; index: number }> {
  const byId = new Map<Id, { record: T; index: number }>();
  records.forEach((record, index) => {
    const id = record === null || typeof record !== 'object' ? undefined : idOf(record);
    if (!isId(id)) throw new MissingIdError({ ...place, index });
    const first = byId.get(id);
    if (first !== undefined) throw new DuplicateIdError({ ...place, index, firstIndex: first.index, id });
    byId.set(id, { record, index });
  });
  return byId;
}

/**
 * Pairs each reference with its prediction, in reference order. Every reference needs exactly one
 * prediction and every prediction a reference, as the reference scorers assert.
 */
export function pairById<Reference, Prediction>(options: {
  references: ReadonlyMap<Id, Reference>;
  predictions: readonly Prediction[];
  predictionId: (prediction: Prediction) => unknown;
  field: string;
  file?: string;
}): { id: Id; reference: Reference; prediction: Prediction }[] {
  const place = { list: 'predictions' as const, field: options.field, ...(options.file === undefined ? {} : { file: options.file }) };
  const predictions = indexById(options.predictions, options.predictionId, place);
  for (const [id, { index }] of predictions) {
    if (!options.references.has(id)) throw new UnknownIdError({ index, id, ...(options.file === undefined ? {} : { file: options.file }) });
  }
  const missing = [...options.references.keys()].filter((id) => !predictions.has(id));
  if (missing.length > 0) throw new MissingPredictionError({ ids: missing, ...(options.file === undefined ? {} : { file: options.file }) });
  return [...options.references].map(([id, reference]) => ({ id, reference, prediction: predictions.get(id)!.record }));
}

/**
 * Annotations and predictions keyed by `questionId`, paired (the VQA and POPE layout): ids checked as in
 * `indexById` and `pairById`, and at least one annotation needed.
 */
export function pairByQuestionId<Annotation extends { questionId: unknown }, Prediction extends { questionId: unknown }>(
  metric: string,
  options: { annotations: readonly Annotation[]; predictions: readonly Prediction[]; files?: { annotations?: string; predictions?: string } },
): { id: Id; reference: { record: Annotation; index: number }; prediction: Prediction }[] {
  const annotationFile = options.files?.annotations;
  const annotations = indexById(options.annotations, (annotation) => annotation.questionId, {
    list: 'annotations',
    field: 'questionId',
    ...(annotationFile === undefined ? {} : { file: annotationFile }),
  });
  if (annotations.size === 0) throw new MetricInputError({ metric, message: 'no questions to score', fix: 'pass at least one annotation' });
  return pairById({
    references: annotations,
    predictions: options.predictions,
    predictionId: (prediction) => prediction.questionId,
    field: 'questionId',
    ...(options.files?.predictions === undefined ? {} : { file: options.files.predictions }),
  });
}
