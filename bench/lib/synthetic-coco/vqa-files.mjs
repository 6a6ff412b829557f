/**
 * VQAv2 train2014 questions and annotations in the official layout, written as Python's json.dump
 * writes them (", " and ": "). Questions come grouped by image with ids image_id·1000 + k, in the same
 * order in both files; each annotation has ten answers with confidences, the most common answer as
 * `multiple_choice_answer`, and the question type and answer type.
 */
import { join } from 'node:path';
import { ChunkedFileWriter, jsonStringFor } from './json-writer.mjs';
import { shuffle, streamRandom } from './random-tools.mjs';
import { TextFactory } from './text.mjs';

export const questionsPath = 'vqa/v2_OpenEnded_mscoco_train2014_questions.json';
export const annotationsPath = 'vqa/v2_mscoco_train2014_annotations.json';

const info =
  '"info": {"description": "Synthetic data in the format of v2.0 of the VQA dataset (benchmark input, not real annotations).", ' +
  '"url": "http://visualqa.org", "version": "2.0", "year": 2017, "contributor": "vift benchmarks", "date_created": "2017-04-26 17:07:13"}';
const license = '"license": {"url": "http://creativecommons.org/licenses/by/4.0/", "name": "Creative Commons Attribution 4.0 International License"}';

/** The most frequent answer; ties go to the one given first. */
function mostCommon(answers) {
  const counts = new Map();
  let best = answers[0];
  for (const answer of answers) {
    const count = (counts.get(answer) ?? 0) + 1;
    counts.set(answer, count);
    if (count > counts.get(best)) best = answer;
  }
  return best;
}

/** Writes both VQA files in one pass (the annotations follow the questions); resolves to their summaries. */
export async function writeVqa({ folder, plan }) {
  const random = streamRandom(plan.seed, 'vqa');
  const text = new TextFactory(random);
  const string = jsonStringFor(plan);
  const { ids, objectOffsets, objectCategory, questionCounts } = plan.images;
  const order = shuffle(random, Uint32Array.from({ length: ids.length }, (_, index) => index));
  const questionsWriter = await ChunkedFileWriter.open(join(folder, questionsPath));
  const annotationsWriter = await ChunkedFileWriter.open(join(folder, annotationsPath));
  const counts = { questions: 0, yesNo: 0, number: 0, other: 0 };
  try {
    questionsWriter.push(`{${info}, "task_type": "Open-Ended", "data_type": "mscoco", ${license}, "data_subtype": "train2014", "questions": [`);
    annotationsWriter.push(`{${info}, ${license}, "data_subtype": "train2014", "annotations": [`);
    for (const imageIndex of order) {
      const imageId = ids[imageIndex];
      const objects = objectCategory.subarray(objectOffsets[imageIndex], objectOffsets[imageIndex + 1]);
      const countOf = (category) => objects.reduce((sum, value) => sum + (value === category ? 1 : 0), 0);
      for (let k = 0; k < questionCounts[imageIndex]; k++) {
        const item = text.vqaQuestion(objects, countOf);
        const questionId = imageId * 1000 + k;
        const separator = counts.questions === 0 ? '' : ', ';
        counts.questions++;
        counts[item.answerType === 'yes/no' ? 'yesNo' : item.answerType]++;
        const fullQuestions = questionsWriter.push(`${separator}{"image_id": ${imageId}, "question": ${string(item.question)}, "question_id": ${questionId}}`);
        const answers = item.answers.map((answer, index) => `{"answer": ${string(answer)}, "answer_confidence": "${item.confidences[index]}", "answer_id": ${index + 1}}`);
        const fullAnnotations = annotationsWriter.push(
          `${separator}{"question_type": "${item.questionType}", "multiple_choice_answer": ${string(mostCommon(item.answers))}, ` +
            `"answers": [${answers.join(', ')}], "image_id": ${imageId}, "answer_type": "${item.answerType}", "question_id": ${questionId}}`,
        );
        if (fullQuestions) await questionsWriter.flush();
        if (fullAnnotations) await annotationsWriter.flush();
      }
    }
    questionsWriter.push(']}');
    annotationsWriter.push('], "data_type": "mscoco"}');
    const questionBytes = await questionsWriter.close();
    const annotationBytes = await annotationsWriter.close();
    return [
      { file: questionsPath, bytes: questionBytes, records: { questions: counts.questions } },
      { file: annotationsPath, bytes: annotationBytes, records: { annotations: counts.questions, yesNo: counts.yesNo, number: counts.number, other: counts.other } },
    ];
  } catch (error) {
    await Promise.all([questionsWriter.abort(), annotationsWriter.abort()]);
    throw error;
  }
}
