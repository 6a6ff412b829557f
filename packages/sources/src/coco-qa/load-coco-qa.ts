import { basename, join } from 'node:path';
import type { CocoImage, CountAnnotation, LoadReport, QuestionAnnotation } from '../annotation.js';
import { LoadCounter } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';
import { readTextLines } from './read-text-lines.js';

export type LoadCocoQaOptions = {
  /** A split's folder from `cocoqa-2015-05-17.zip` (`train/` or `test/`): `questions.txt`, `answers.txt`, `img_ids.txt`, `types.txt`. */
  folder: string;
  /** The COCO images to keep, by COCO id; annotations on other images are dropped and counted. */
  images?: ReadonlyMap<number, CocoImage>;
  /** Called once, after the last annotation; the report's `file` is `questions.txt`. */
  report?: (report: LoadReport) => void;
};

/** COCO-QA's question types, by the number in `types.txt`. */
const QUESTION_TYPES = ['object', 'number', 'color', 'location'] as const;

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
};

/**
 * Streams a COCO-QA split: line `i` of `questions.txt`, `answers.txt`, `img_ids.txt` and `types.txt` is
 * one question, its one-word answer, its COCO image id and its type (0 object, 1 number, 2 color,
 * 3 location). Number questions ("how many …", answered "two") become `count` annotations with the
 * number, so the counting task draws on them; the other types become `question` annotations. Texts are
 * as COCO-QA wrote them (lower case, no question mark). `annotationId` is the line's index.
 *
 * Throws `SourceFileError` for a missing file and when the four files have different numbers of lines
 * (files of different splits). A line with a bad image id or type, an empty question or answer, or a
 * number answer that is not a number, is dropped and counted as malformed.
 */
export async function* loadCocoQa(options: LoadCocoQaOptions): AsyncGenerator<QuestionAnnotation | CountAnnotation> {
  const { images } = options;
  const files = {
    questions: join(options.folder, 'questions.txt'),
    answers: join(options.folder, 'answers.txt'),
    imageIds: join(options.folder, 'img_ids.txt'),
    types: join(options.folder, 'types.txt'),
  };
  const counter = new LoadCounter('coco-qa', files.questions);
  const readers = [readTextLines(files.questions), readTextLines(files.answers), readTextLines(files.imageIds), readTextLines(files.types)] as const;
  try {
    for (let index = 0; ; index++) {
      const lines = await Promise.all(readers.map((reader) => reader.next()));
      const ended = lines.map((line) => line.done === true);
      if (ended.every(Boolean)) break;
      if (ended.some(Boolean)) throw differentLengths(files, ended, index);
      const [questionLine, answerLine, imageLine, typeLine] = lines.map((line) => (line.value as string).trim()) as [string, string, string, string];
      const where = `line ${index + 1}`;
      const cocoId = /^\d{1,15}$/.test(imageLine) ? Number(imageLine) : undefined;
      const type = /^[0-3]$/.test(typeLine) ? QUESTION_TYPES[Number(typeLine)]! : undefined;
      if (cocoId === undefined) counter.malformed(`${where}: the image id ${JSON.stringify(imageLine)} in img_ids.txt is not a whole number`);
      else if (type === undefined) counter.malformed(`${where}: the type ${JSON.stringify(typeLine)} in types.txt is not 0, 1, 2 or 3`);
      else if (questionLine === '') counter.malformed(`${where}: the question is empty`);
      else if (answerLine === '') counter.malformed(`${where}: the answer is empty`);
      else if (type === 'number') {
        const count = readNumber(answerLine);
        if (count === undefined) counter.malformed(`${where}: the number question's answer ${JSON.stringify(answerLine)} is not a number`);
        else if (counter.keeps(cocoId, images)) {
          counter.yielded();
          yield { kind: 'count', dataset: 'coco-qa', cocoId, annotationId: String(index), question: questionLine, answer: count };
        }
      } else if (counter.keeps(cocoId, images)) {
        counter.yielded();
        yield { kind: 'question', dataset: 'coco-qa', cocoId, annotationId: String(index), question: questionLine, answer: answerLine };
      }
    }
  } finally {
    await Promise.all(readers.map((reader) => reader.return(undefined)));
  }
  counter.finish(options.report);
}

/** A count written as a word (`two`) or digits. */
function readNumber(text: string): number | undefined {
  if (/^\d{1,9}$/.test(text)) return Number(text);
  return NUMBER_WORDS[text.toLowerCase()];
}

function differentLengths(files: Record<'questions' | 'answers' | 'imageIds' | 'types', string>, ended: boolean[], index: number): SourceFileError {
  const paths = [files.questions, files.answers, files.imageIds, files.types];
  const short = paths.filter((_, position) => ended[position]);
  const long = paths.filter((_, position) => !ended[position]);
  return new SourceFileError({
    file: short[0]!,
    message: `has ${index} line${index === 1 ? '' : 's'}, but ${listNames(long.map((path) => basename(path)))} go${long.length === 1 ? 'es' : ''} on`,
    fix: 'the four files of a COCO-QA split have one line per question: take them from the same split folder of cocoqa-2015-05-17.zip',
  });
}

/** `a`, `a and b`, `a, b and c`. */
function listNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}
