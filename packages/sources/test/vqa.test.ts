import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CocoImage, LoadReport } from '../src/annotation.js';
import { SourceFileError } from '../src/source-error.js';
import { loadVqa } from '../src/vqa/load-vqa.js';
import { caught, collect, fixture } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const allennlpQuestions = fixture('vqav2/questions.json');
const allennlpAnnotations = fixture('vqav2/annotations.json');
const valAnnotations = fixture('vqav2/val-sample/v2_mscoco_val2014_annotations_samples.json');
const okVqaQuestions = fixture('okvqa/OpenEnded_mscoco_val2014_questions.json');
const okVqaAnnotations = fixture('okvqa/mscoco_val2014_annotations.json');

type VqaAnnotation = { question_id: number; image_id: number; multiple_choice_answer: string; answers: { answer: string }[] };

const temporaryFolder = useTempFolders();

/**
 * A questions file for the real val2014 annotation sample, whose question texts are not among the
 * fixtures: ids and images from the annotations, the text a placeholder.
 */
async function placeholderQuestions(folder: string, subtype = 'val2014'): Promise<string> {
  const { annotations } = JSON.parse(await readFile(valAnnotations, 'utf8')) as { annotations: VqaAnnotation[] };
  const file = join(folder, `v2_OpenEnded_mscoco_${subtype}_questions.json`);
  const questions = annotations.map((annotation) => ({ image_id: annotation.image_id, question: `Question ${annotation.question_id}?`, question_id: annotation.question_id }));
  await writeFile(file, JSON.stringify({ data_subtype: subtype, questions }));
  return file;
}

function imagesWithIds(ids: readonly number[]): Map<number, CocoImage> {
  return new Map(ids.map((cocoId) => [cocoId, { cocoId, fileName: `COCO_val2014_${String(cocoId).padStart(12, '0')}.jpg`, width: 640, height: 480 }]));
}

describe('loadVqa', () => {
  it('joins the allennlp VQAv2 files, taking the most frequent answer where there is no multiple_choice_answer', async () => {
    const reports: LoadReport[] = [];
    const yielded = await collect(loadVqa({ questionsFile: allennlpQuestions, annotationsFile: allennlpAnnotations, dataset: 'vqav2', report: (report) => reports.push(report) }));
    expect(yielded).toEqual([
      {
        kind: 'question',
        dataset: 'vqav2',
        cocoId: 458752,
        annotationId: '458752000',
        question: 'What is this photo taken looking through?',
        answer: 'net',
        answers: ['net', 'net', 'net', 'netting', 'net', 'net', 'mesh', 'net', 'pitcher', 'orange'],
      },
      {
        kind: 'question',
        dataset: 'vqav2',
        cocoId: 458752,
        annotationId: '458752001',
        question: 'What position is this man playing?',
        answer: 'pitcher',
        answers: ['pitcher', 'catcher', 'pitcher', 'pitcher', 'pitcher', 'pitcher', 'pitcher', 'pitcher', 'pitcher', 'pitcher'],
      },
      {
        kind: 'question',
        dataset: 'vqav2',
        cocoId: 458752,
        annotationId: '458752002',
        question: 'What color is the players shirt?',
        answer: 'orange',
        answers: Array.from({ length: 10 }, () => 'orange'),
      },
    ]);
    expect(reports).toEqual([{ dataset: 'vqav2', file: allennlpAnnotations, annotations: 3, droppedNotCoco: 0, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('joins the real val2014 annotations, answering with multiple_choice_answer', async () => {
    const questionsFile = await placeholderQuestions(await temporaryFolder());
    const yielded = await collect(loadVqa({ questionsFile, annotationsFile: valAnnotations, dataset: 'vqav2' }));
    expect(yielded).toHaveLength(100);
    expect(new Set(yielded.map((question) => question.cocoId)).size).toBe(19);
    expect(yielded[1]).toEqual({
      kind: 'question',
      dataset: 'vqav2',
      cocoId: 262148,
      annotationId: '262148001',
      question: 'Question 262148001?',
      answer: 'watching',
      answers: ['spectating', ...Array.from({ length: 9 }, () => 'watching')],
    });
    // The one annotation whose multiple_choice_answer is not its most frequent answer (every answer differs).
    expect(yielded.find((question) => question.annotationId === '393267002')?.answer).toBe('nobody is wearing hats');
    expect(yielded.every((question) => question.answers?.length === 10)).toBe(true);
  });

  it('drops and counts questions on images outside the given image list', async () => {
    const questionsFile = await placeholderQuestions(await temporaryFolder());
    let report: LoadReport | undefined;
    const images = imagesWithIds([262148, 393225]);
    const yielded = await collect(loadVqa({ questionsFile, annotationsFile: valAnnotations, dataset: 'vqav2', images, report: (value) => (report = value) }));
    expect(yielded.map((question) => question.annotationId)).toEqual(['262148000', '262148001', '262148002', '393225000', '393225001', '393225002', '393225003']);
    expect(report).toMatchObject({ annotations: 7, droppedUnknownImage: 93, droppedMalformed: 0 });
  });

  it('reads OK-VQA, whose annotations have no multiple_choice_answer', async () => {
    let report: LoadReport | undefined;
    const yielded = await collect(loadVqa({ questionsFile: okVqaQuestions, annotationsFile: okVqaAnnotations, dataset: 'ok-vqa', report: (value) => (report = value) }));
    expect(yielded.map(({ dataset, cocoId, annotationId, question, answer }) => ({ dataset, cocoId, annotationId, question, answer }))).toEqual([
      { dataset: 'ok-vqa', cocoId: 397133, annotationId: '3971335', question: 'What kind of food is the man in the apron making?', answer: 'pizza' },
      // Four "kitchen" and four "dining room": the first given wins.
      { dataset: 'ok-vqa', cocoId: 139, annotationId: '1395', question: 'Which room of a house is this?', answer: 'kitchen' },
      { dataset: 'ok-vqa', cocoId: 117645, annotationId: '1176455', question: 'Which winter sport is shown here?', answer: 'snowboard' },
    ]);
    expect(yielded[2]?.answers).toEqual([...Array.from({ length: 8 }, () => 'snowboard'), 'ski', 'ski']);
    expect(report).toEqual({
      dataset: 'ok-vqa',
      file: okVqaAnnotations,
      annotations: 3,
      droppedNotCoco: 0,
      droppedUnknownImage: 0,
      droppedMalformed: 1,
      examples: [`"annotations"[3] (id 8025): question 8025 is not in ${okVqaQuestions}`],
    });
  });

  it('names the missing array when the files are swapped or of another kind', async () => {
    const swapped = await caught(() => collect(loadVqa({ questionsFile: allennlpAnnotations, annotationsFile: allennlpQuestions, dataset: 'vqav2' })));
    expect(SourceFileError.isInstance(swapped) && swapped.toLine()).toBe(
      `${allennlpAnnotations}: there is no "questions" array. Fix: is it a VQA questions file? Pass v2_OpenEnded_mscoco_train2014_questions.json (VQAv2) or OpenEnded_mscoco_train2014_questions.json (OK-VQA) as questionsFile`,
    );
    const captions = fixture('coco/derived/captions_val2017_7img.json');
    const notVqa = await caught(() => collect(loadVqa({ questionsFile: allennlpQuestions, annotationsFile: captions, dataset: 'vqav2' })));
    expect(SourceFileError.isInstance(notVqa) && notVqa.message).toMatch(/^\S+captions_val2017_7img\.json "annotations"\[0\] \(at byte \d+\): the annotations have no "answers" \(they have "caption": a COCO captions file\?\)$/);
    const missing = await caught(() => collect(loadVqa({ questionsFile: allennlpQuestions, annotationsFile: '/no/such/v2_mscoco_train2014_annotations.json', dataset: 'vqav2' })));
    expect(SourceFileError.isInstance(missing) && missing.message).toBe('/no/such/v2_mscoco_train2014_annotations.json: no such file');
  });

  it('throws when the two files are for different splits', async () => {
    const questionsFile = await placeholderQuestions(await temporaryFolder(), 'train2014');
    const error = await caught(() => collect(loadVqa({ questionsFile, annotationsFile: valAnnotations, dataset: 'vqav2' })));
    expect(SourceFileError.isInstance(error) && error.message).toBe(`${valAnnotations}: the annotations are for val2014 but ${questionsFile} is for train2014`);
  });

  it('counts malformed questions and annotations', async () => {
    const folder = await temporaryFolder();
    const questionsFile = join(folder, 'questions.json');
    const annotationsFile = join(folder, 'annotations.json');
    await writeFile(
      questionsFile,
      JSON.stringify({
        questions: [
          { image_id: 1, question: 'What is it?', question_id: 10 },
          { image_id: 1, question: '', question_id: 11 },
          { image_id: 2, question: 'Is it red?', question_id: 12 },
          { image_id: 2, question: 'Is it red?', question_id: 12 },
          { image_id: 3, question: 'Where?', question_id: 13 },
        ],
      }),
    );
    await writeFile(
      annotationsFile,
      JSON.stringify({
        annotations: [
          { question_id: 10, image_id: 1, answers: [{ answer: 'a cat' }, { answer: 'cat' }, { answer: 'cat' }] },
          { question_id: 12, image_id: 9, answers: [{ answer: 'yes' }] },
          { question_id: 13, image_id: 3, answers: [] },
          { question_id: 'x', answers: [{ answer: 'no' }] },
        ],
      }),
    );
    let report: LoadReport | undefined;
    const yielded = await collect(loadVqa({ questionsFile, annotationsFile, dataset: 'vqav2', report: (value) => (report = value) }));
    expect(yielded).toEqual([{ kind: 'question', dataset: 'vqav2', cocoId: 1, annotationId: '10', question: 'What is it?', answer: 'cat', answers: ['a cat', 'cat', 'cat'] }]);
    expect(report?.droppedMalformed).toBe(5);
    expect(report?.examples).toEqual([
      `${questionsFile} "questions"[1] (id 11): "question" is not a non-empty string`,
      `${questionsFile} "questions"[3] (id 12): question 12 appears twice`,
      '"annotations"[1] (id 12): "image_id" 9 is not the question\'s image 2',
      '"annotations"[2] (id 13): no "answers" and no "multiple_choice_answer"',
      '"annotations"[3] (id x): "question_id" is "x", not a whole number',
    ]);
  });
});
