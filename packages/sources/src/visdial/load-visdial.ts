import { basename } from 'node:path';
import type { DialogAnnotation } from '../annotation.js';
import { readJsonMembers } from '../json/read-json-members.js';
import { describeRecord, idForMessage, isRecord, readId, readText, showValue, type JsonRecord } from '../json/record-fields.js';
import { LoadCounter, type LoaderOptions } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';

/** A dialog read before its questions or answers, or before the split is known: indices only, not the 100 answer options a round. */
type PendingDialog = { index: number; imageId: number; caption: string | undefined; rounds: number[]; where: string };

/** `visdial_1.0_train.json` → version 1.0, split train. */
const fileNamePattern = /visdial_(\d+(?:\.\d+)?)_(train|val|test)/i;

/**
 * Streams a VisDial file (`visdial_1.0_train.json`, `visdial_0.9_train.json`, `visdial_0.9_val.json`:
 * `{version, split, data: {questions: [...], answers: [...], dialogs: [{image_id, caption, dialog:
 * [{question, answer, answer_options, gt_index}]}]}}`) as `dialog` annotations: each round's question
 * and answer indices resolved to their texts (as VisDial wrote them: lower case, no question mark), the
 * caption kept, `annotationId` the image id. Rounds stop at the first without an answer (the test
 * split's last round); answer options are not kept.
 *
 * Train images of 1.0 and both splits of 0.9 are COCO images; the 1.0 val and test images are VisDial's
 * own Flickr images, whose ids are not COCO ids, so their dialogs are dropped and counted as not COCO.
 * The split comes from the file name, else from the `version` and `split` members (a file of unknown
 * split is taken as COCO).
 *
 * Dialogs stream as read when the file lists questions and answers first; otherwise their indices are
 * held until the end. Throws `SourceFileError` when `data` has no `questions`, `answers` or `dialogs`
 * array. A dialog with a bad image id, an index outside the lists, or no answered round is dropped and
 * counted as malformed.
 */
export async function* loadVisDial(options: LoaderOptions): AsyncGenerator<DialogAnnotation> {
  const { file, images } = options;
  const counter = new LoadCounter('visdial', file);
  const fromName = fileNamePattern.exec(basename(file));
  const meta: { version?: string; split?: string } = fromName === null ? {} : { version: fromName[1]!, split: fromName[2]!.toLowerCase() };
  const questions: string[] = [];
  const answers: string[] = [];
  // Set from the member callback, so kept in an object the compiler does not narrow.
  const seen = { questions: false, answers: false, dialogs: false, ready: false };
  const pending: PendingDialog[] = [];
  const items = readJsonMembers(file, {
    keys: ['version', 'split', 'questions', 'answers', 'dialogs'],
    nested: ['data'],
    onMember: (member) => {
      if (member.path.length !== 1 || member.path[0] !== 'data' || member.type !== 'array') return;
      if (member.key === 'questions') seen.questions = true;
      if (member.key === 'answers') seen.answers = true;
      if (member.key === 'dialogs') {
        seen.dialogs = true;
        // Members come one after another: the lists started before the dialogs are complete.
        seen.ready = seen.questions && seen.answers && meta.split !== undefined;
      }
    },
  });
  for await (const item of items) {
    if (item.path.length === 0) {
      if (item.key === 'version' || item.key === 'split') {
        const text = typeof item.value === 'string' ? item.value.toLowerCase() : typeof item.value === 'number' ? String(item.value) : undefined;
        if (text !== undefined && fromName === null) meta[item.key] = text;
      }
      continue;
    }
    if (item.path[0] !== 'data' || item.index < 0) continue;
    if (item.key === 'questions' || item.key === 'answers') {
      // Kept as they are, even when not strings, so the indices of the others stay right.
      (item.key === 'questions' ? questions : answers).push(typeof item.value === 'string' ? item.value : '');
      continue;
    }
    if (item.key !== 'dialogs') continue;
    const dialog = readDialog(item.value, item.index, counter);
    if (dialog === undefined) continue;
    if (!seen.ready) {
      pending.push(dialog);
      continue;
    }
    const annotation = resolve(dialog, questions, answers, isCoco(meta), images, counter);
    if (annotation !== undefined) yield annotation;
  }
  const missing = (['questions', 'answers', 'dialogs'] as const).find((key) => !seen[key]);
  if (missing !== undefined) {
    throw new SourceFileError({
      file,
      message: `there is no "data"."${missing}" array`,
      fix: 'is it a VisDial file? Pass visdial_1.0_train.json (or visdial_0.9_train.json, visdial_0.9_val.json)',
    });
  }
  for (const dialog of pending) {
    const annotation = resolve(dialog, questions, answers, isCoco(meta), images, counter);
    if (annotation !== undefined) yield annotation;
  }
  counter.finish(options.report);
}

/** VisDial 1.0's val and test images are its own; every other split is on COCO images. */
function isCoco(meta: { version?: string; split?: string }): boolean {
  return !(meta.version?.startsWith('1') === true && (meta.split === 'val' || meta.split === 'test'));
}

/** A dialog's image, caption and `[question, answer, …]` indices (-1 for no answer), or undefined when counted as malformed. */
function readDialog(value: unknown, index: number, counter: LoadCounter): PendingDialog | undefined {
  const record = isRecord(value) ? value : undefined;
  const where = describeRecord({ key: 'dialogs', index, id: idForMessage(record?.image_id) });
  if (record === undefined) {
    counter.malformed(`${where}: not a JSON object`);
    return undefined;
  }
  const imageId = readId(record.image_id);
  if (imageId === undefined) {
    counter.malformed(`${where}: "image_id" is ${showValue(record.image_id)}, not a whole number`);
    return undefined;
  }
  if (!Array.isArray(record.dialog)) {
    counter.malformed(`${where}: "dialog" is ${showValue(record.dialog)}, not a list of rounds`);
    return undefined;
  }
  const rounds: number[] = [];
  for (const [roundIndex, round] of (record.dialog as unknown[]).entries()) {
    const entry: JsonRecord | undefined = isRecord(round) ? round : undefined;
    const question = readId(entry?.question);
    if (question === undefined) {
      counter.malformed(`${where} round ${roundIndex}: "question" is ${showValue(entry?.question)}, not an index`);
      return undefined;
    }
    if (entry?.answer === undefined) {
      rounds.push(question, -1);
      break;
    }
    const answer = readId(entry.answer);
    if (answer === undefined) {
      counter.malformed(`${where} round ${roundIndex}: "answer" is ${showValue(entry.answer)}, not an index`);
      return undefined;
    }
    rounds.push(question, answer);
  }
  return { index, imageId, caption: readText(record.caption), rounds, where };
}

function resolve(
  dialog: PendingDialog,
  questions: readonly string[],
  answers: readonly string[],
  coco: boolean,
  images: LoaderOptions['images'],
  counter: LoadCounter,
): DialogAnnotation | undefined {
  const rounds: DialogAnnotation['rounds'] = [];
  for (let position = 0; position < dialog.rounds.length; position += 2) {
    const questionIndex = dialog.rounds[position]!;
    const answerIndex = dialog.rounds[position + 1]!;
    if (answerIndex < 0) break;
    const question = questions[questionIndex]?.trim();
    const answer = answers[answerIndex]?.trim();
    if (question === undefined || question === '' || answer === undefined || answer === '') {
      const bad = question === undefined || question === '' ? `question ${questionIndex} is not among the ${questions.length} questions` : `answer ${answerIndex} is not among the ${answers.length} answers`;
      counter.malformed(`${dialog.where} round ${position / 2}: ${bad}`);
      return undefined;
    }
    rounds.push({ question, answer });
  }
  if (rounds.length === 0) {
    counter.malformed(`${dialog.where}: no round has an answer`);
    return undefined;
  }
  if (!coco) {
    counter.notCoco();
    return undefined;
  }
  if (!counter.keeps(dialog.imageId, images)) return undefined;
  counter.yielded();
  const annotation: DialogAnnotation = { kind: 'dialog', dataset: 'visdial', cocoId: dialog.imageId, annotationId: String(dialog.imageId), rounds };
  if (dialog.caption !== undefined) annotation.caption = dialog.caption;
  return annotation;
}
