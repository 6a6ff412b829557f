import { DuplicateIdError, MissingIdError, MissingPredictionError } from '../eval-errors.js';
import type { Model } from './model.js';

/** A line of a predictions file: LLaVA's answer layout, with an optional protocol for multi-round runs. */
export type PredictionRecord = { question_id?: unknown; text?: unknown; protocol?: unknown };

const keyOf = (protocol: string, questionId: string | number) => `${protocol}\u0000${String(questionId)}`;

/**
 * A model that answers from a file of predictions made elsewhere (`{question_id, text}` per line, as
 * LLaVA's model_vqa scripts write). Lines without `protocol` answer single-round questions. Distractor
 * turns, having no question id, cannot come from a file: those protocols need a live model.
 */
export function createPredictionsModel(options: { records: readonly PredictionRecord[]; file?: string; name?: string }): Model & {
  /** Throws, naming the file and the ids, unless the file answers all these questions for a protocol. */
  requireAnswers(protocol: string, questionIds: readonly (string | number)[]): void;
} {
  const byKey = new Map<string, { text: string; index: number }>();
  const place = { list: 'predictions' as const, ...(options.file === undefined ? {} : { file: options.file }) };
  options.records.forEach((record, index) => {
    const id = record.question_id;
    if (typeof id !== 'string' && typeof id !== 'number') throw new MissingIdError({ ...place, index, field: 'question_id' });
    if (typeof record.text !== 'string') throw new MissingIdError({ ...place, index, field: 'text' });
    const protocol = typeof record.protocol === 'string' ? record.protocol : 'single';
    const key = keyOf(protocol, id);
    const first = byKey.get(key);
    if (first !== undefined) throw new DuplicateIdError({ ...place, index, firstIndex: first.index, id });
    byKey.set(key, { text: record.text, index });
  });
  return {
    specificationVersion: 'v1',
    name: options.name ?? options.file ?? 'predictions',
    requireAnswers(protocol, questionIds) {
      const missing = questionIds.filter((id) => !byKey.has(keyOf(protocol, id)));
      if (missing.length > 0) throw new MissingPredictionError({ ids: missing, ...(options.file === undefined ? {} : { file: options.file }) });
    },
    async respond(request) {
      const found = request.questionId === undefined ? undefined : byKey.get(keyOf(request.protocol, request.questionId));
      if (found === undefined) {
        throw new MissingPredictionError({ ids: [request.questionId ?? `${request.dialogId} turn ${request.turn}`], ...(options.file === undefined ? {} : { file: options.file }) });
      }
      return found.text;
    },
  };
}
