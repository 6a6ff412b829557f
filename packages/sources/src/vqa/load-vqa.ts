import type { CocoImage, LoadReport, QuestionAnnotation } from '../annotation.js';
import { readJsonMembers } from '../json/read-json-members.js';
import { describeRecord, idForMessage, isRecord, readId, readText, showValue, type JsonRecord } from '../json/record-fields.js';
import { LoadCounter } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';
import { QuestionIndex } from './question-index.js';
import { mostFrequent } from '../most-frequent-answer.js';

/** The sets in the official VQA format: questions in one file, answers in another, joined by question id. */
export type VqaDataset = 'vqav2' | 'ok-vqa';

export type LoadVqaOptions = {
  /** The questions file: `v2_OpenEnded_mscoco_train2014_questions.json` (VQAv2), `OpenEnded_mscoco_train2014_questions.json` (OK-VQA). */
  questionsFile: string;
  /** The annotations file: `v2_mscoco_train2014_annotations.json` (VQAv2), `mscoco_train2014_annotations.json` (OK-VQA). */
  annotationsFile: string;
  dataset: VqaDataset;
  /** The COCO images to keep, by COCO id; annotations on other images are dropped and counted. */
  images?: ReadonlyMap<number, CocoImage>;
  /** Called once, after the last annotation; the report's `file` is the annotations file. */
  report?: (report: LoadReport) => void;
};

/**
 * Streams a VQA-format set (VQAv2, OK-VQA) as `question` annotations: the questions file is indexed by
 * question id (a number and a string a question), then the annotations file is streamed and joined to
 * it. `answer` is `multiple_choice_answer` when the annotation has one, else the most frequent of its
 * answers (the first of equals); `answers` holds every annotator's answer (10 in both sets). The image is
 * the question's `image_id`; `annotationId` the question id.
 *
 * Throws `SourceFileError` when a file lacks its array (`questions`, `annotations`: the files swapped or
 * another format), or when the two files say they are different splits (`data_subtype`). An annotation
 * whose question is not in the questions file, or without answers, is dropped and counted as malformed;
 * questions without an annotation (a test split) yield nothing.
 */
export async function* loadVqa(options: LoadVqaOptions): AsyncGenerator<QuestionAnnotation> {
  const { questionsFile, annotationsFile, dataset, images } = options;
  const counter = new LoadCounter(dataset, annotationsFile);
  const questions = await indexQuestions(questionsFile, counter);
  let sawAnnotations = false;
  let annotationsSubtype: string | undefined;
  const items = readJsonMembers(annotationsFile, {
    keys: ['annotations', 'data_subtype'],
    onMember: (member) => {
      if (member.key === 'annotations' && member.path.length === 0 && member.type === 'array') sawAnnotations = true;
    },
  });
  for await (const item of items) {
    if (item.key === 'data_subtype') {
      annotationsSubtype = typeof item.value === 'string' ? item.value : undefined;
      checkSameSplit(options, questions.subtype, annotationsSubtype);
      continue;
    }
    if (item.index < 0) continue;
    const record = isRecord(item.value) ? item.value : undefined;
    const questionId = readId(record?.question_id);
    const where = describeRecord({ key: 'annotations', index: item.index, id: idForMessage(record?.question_id) });
    if (item.index === 0 && record !== undefined && !('answers' in record) && !('multiple_choice_answer' in record)) {
      throw new SourceFileError({
        file: annotationsFile,
        message: `the annotations have no "answers"${'caption' in record ? ' (they have "caption": a COCO captions file?)' : ''}`,
        fix: `is it a VQA annotations file? Pass ${dataset === 'vqav2' ? 'v2_mscoco_train2014_annotations.json' : 'mscoco_train2014_annotations.json'} as annotationsFile`,
        key: 'annotations',
        index: 0,
        byteOffset: item.byteOffset,
      });
    }
    if (record === undefined) {
      counter.malformed(`${where}: not a JSON object`);
      continue;
    }
    if (questionId === undefined) {
      counter.malformed(`${where}: "question_id" is ${showValue(record.question_id)}, not a whole number`);
      continue;
    }
    const question = questions.index.get(questionId);
    if (question === undefined) {
      counter.malformed(`${where}: question ${questionId} is not in ${questionsFile}`);
      continue;
    }
    const imageId = record.image_id;
    if (imageId !== undefined && imageId !== question.imageId) {
      counter.malformed(`${where}: "image_id" ${showValue(imageId)} is not the question's image ${question.imageId}`);
      continue;
    }
    const answers = readAnswers(record);
    const answer = readText(record.multiple_choice_answer) ?? mostFrequent(answers);
    if (answer === undefined) {
      counter.malformed(`${where}: no "answers" and no "multiple_choice_answer"`);
      continue;
    }
    if (!counter.keeps(question.imageId, images)) continue;
    counter.yielded();
    yield { kind: 'question', dataset, cocoId: question.imageId, annotationId: String(questionId), question: question.text, answer, answers };
  }
  if (!sawAnnotations) {
    throw new SourceFileError({
      file: annotationsFile,
      message: 'there is no "annotations" array',
      fix: `is it a VQA annotations file? Pass ${dataset === 'vqav2' ? 'v2_mscoco_train2014_annotations.json' : 'mscoco_train2014_annotations.json'} as annotationsFile`,
    });
  }
  counter.finish(options.report);
}

async function indexQuestions(file: string, counter: LoadCounter): Promise<{ index: QuestionIndex; subtype: string | undefined }> {
  const index = new QuestionIndex();
  let subtype: string | undefined;
  let sawQuestions = false;
  const items = readJsonMembers(file, {
    keys: ['questions', 'data_subtype'],
    onMember: (member) => {
      if (member.key === 'questions' && member.path.length === 0 && member.type === 'array') sawQuestions = true;
    },
  });
  for await (const item of items) {
    if (item.key === 'data_subtype') {
      subtype = typeof item.value === 'string' ? item.value : undefined;
      continue;
    }
    if (item.index < 0) continue;
    const record = isRecord(item.value) ? item.value : undefined;
    const where = `${file} ${describeRecord({ key: 'questions', index: item.index, id: idForMessage(record?.question_id) })}`;
    const questionId = readId(record?.question_id);
    const imageId = readId(record?.image_id);
    const text = readText(record?.question);
    if (record === undefined) counter.malformed(`${where}: not a JSON object`);
    else if (questionId === undefined) counter.malformed(`${where}: "question_id" is ${showValue(record.question_id)}, not a whole number`);
    else if (imageId === undefined) counter.malformed(`${where}: "image_id" is ${showValue(record.image_id)}, not a whole number`);
    else if (text === undefined) counter.malformed(`${where}: "question" is not a non-empty string`);
    else if (!index.add(questionId, imageId, text)) counter.malformed(`${where}: question ${questionId} appears twice`);
  }
  if (!sawQuestions) {
    throw new SourceFileError({
      file,
      message: 'there is no "questions" array',
      fix: 'is it a VQA questions file? Pass v2_OpenEnded_mscoco_train2014_questions.json (VQAv2) or OpenEnded_mscoco_train2014_questions.json (OK-VQA) as questionsFile',
    });
  }
  return { index, subtype };
}

function checkSameSplit(options: LoadVqaOptions, questionsSubtype: string | undefined, annotationsSubtype: string | undefined): void {
  if (questionsSubtype === undefined || annotationsSubtype === undefined || questionsSubtype === annotationsSubtype) return;
  throw new SourceFileError({
    file: options.annotationsFile,
    message: `the annotations are for ${annotationsSubtype} but ${options.questionsFile} is for ${questionsSubtype}`,
    fix: 'pass the questions and annotations files of the same split',
  });
}

/** Every annotator's answer, in order; entries without a text are left out. */
function readAnswers(record: JsonRecord): string[] {
  if (!Array.isArray(record.answers)) return [];
  const answers: string[] = [];
  for (const entry of record.answers) {
    const text = isRecord(entry) ? readText(entry.answer) : readText(entry);
    if (text !== undefined) answers.push(text);
  }
  return answers;
}
