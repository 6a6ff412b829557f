import { basename } from 'node:path';
import type { ConversationAnnotation } from '../annotation.js';
import { readJsonArray, readJsonLines } from '../json/read-json-array.js';
import { describeRecord, idForMessage, isRecord, showValue, type JsonRecord } from '../json/record-fields.js';
import { LoadCounter, type LoaderOptions } from '../loader-options.js';
import { SourceFileError } from '../source-error.js';
import { cocoIdFromImagePath } from './coco-image-path.js';

/** The sets of model-written conversations in LLaVA's format. */
export type InstructDataset = 'llava-instruct' | 'sharegpt4v' | 'lvis-instruct4v';

export type LoadInstructConversationsOptions = LoaderOptions & {
  dataset: InstructDataset;
  /** The task of every conversation in the file. Default: the record's `type`, else the one the file's official name says. */
  task?: string;
};

/** LLaVA's task names by the short names of its GPT-4 output (`type`: conv, detail, complex). */
const TASK_BY_TYPE: Readonly<Record<string, string>> = { conv: 'conversation', detail: 'detail', complex: 'complex_reasoning' };

/** The task each official file holds, by a part of its name. */
const TASK_BY_FILE_NAME: readonly [RegExp, string][] = [
  [/conversation_58k/i, 'conversation'],
  [/detail_23k/i, 'detail'],
  [/complex_reasoning_77k/i, 'complex_reasoning'],
  [/gpt4-vision_cap100k/i, 'gpt4v_caption'],
  [/share-captioner/i, 'share_captioner_caption'],
];

const ROLE_BY_SPEAKER: Readonly<Record<string, 'user' | 'assistant'>> = { human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant' };

/**
 * Streams a file of model-written conversations in LLaVA's format as `conversation` annotations:
 * LLaVA-Instruct (`llava_instruct_150k.json`, `conversation_58k.json`, `detail_23k.json`,
 * `complex_reasoning_77k.json`), ShareGPT4V (`sharegpt4v_instruct_gpt4-vision_cap100k.json`,
 * `share-captioner_coco_lcs_sam_1246k_1107.json`) and LVIS-Instruct4V (`lvis_instruct4v_220k.json`): a
 * JSON array (JSON Lines for a `.jsonl` file) of `{id, image, conversations: [{from, value}]}`. LLaVA's
 * raw GPT-4 output (`{id, image, instruction, output, type}` a line) reads as one question and answer.
 *
 * Turns keep their text, trimmed, but for the `<image>` placeholder and the newline beside it; `human` is the
 * user and `gpt` the assistant. `annotationId` is the record's `id` (LLaVA-Instruct-150K repeats an
 * image's id across its tasks). The image is a COCO image when its path says so (`000000033471.jpg`,
 * `coco/train2017/000000033471.jpg`); ShareGPT4V's SAM, LAION and web images, and records without an
 * image, are dropped and counted as not COCO.
 *
 * Throws `SourceFileError` when the file cannot be read as records or its first record has neither
 * `conversations` nor `instruction`. A conversation that does not alternate user and assistant turns
 * from the user to the assistant, or has an empty turn, is dropped and counted as malformed.
 */
export async function* loadInstructConversations(options: LoadInstructConversationsOptions): AsyncGenerator<ConversationAnnotation> {
  const { file, images, dataset } = options;
  const counter = new LoadCounter(dataset, file);
  const fileTask = options.task ?? TASK_BY_FILE_NAME.find(([pattern]) => pattern.test(basename(file)))?.[1];
  const records = file.toLowerCase().endsWith('.jsonl') ? readJsonLines(file) : readJsonArray(file);
  for await (const item of records) {
    const record = isRecord(item.value) ? item.value : undefined;
    const id = idForMessage(record?.id);
    if (item.index === 0 && record !== undefined && !('conversations' in record) && !('instruction' in record)) {
      throw new SourceFileError({
        file,
        message: 'the records have no "conversations"',
        fix: 'is it a LLaVA-format file? Each record needs "image" and "conversations": [{"from": "human", "value": ...}, {"from": "gpt", "value": ...}]',
        index: 0,
        byteOffset: item.byteOffset,
        ...(id === undefined ? {} : { id }),
      });
    }
    const where = describeRecord({ index: item.index, id });
    if (record === undefined) {
      counter.malformed(`${where}: not a JSON object`);
      continue;
    }
    const turns = readTurns(record);
    if (typeof turns === 'string') {
      counter.malformed(`${where}: ${turns}`);
      continue;
    }
    const cocoId = typeof record.image === 'string' ? cocoIdFromImagePath(record.image) : undefined;
    if (cocoId === undefined) {
      counter.notCoco();
      continue;
    }
    if (!counter.keeps(cocoId, images)) continue;
    counter.yielded();
    const annotation: ConversationAnnotation = { kind: 'conversation', dataset, cocoId, annotationId: id ?? String(item.index), turns };
    const task = options.task ?? (typeof record.type === 'string' ? (TASK_BY_TYPE[record.type] ?? record.type) : undefined) ?? fileTask;
    if (task !== undefined) annotation.task = task;
    yield annotation;
  }
  counter.finish(options.report);
}

/** The record's turns, or why they cannot be read. */
function readTurns(record: JsonRecord): ConversationAnnotation['turns'] | string {
  if (!('conversations' in record) && typeof record.instruction === 'string' && typeof record.output === 'string') {
    return checkTurns([
      { role: 'user', text: stripImage(record.instruction) },
      { role: 'assistant', text: stripImage(record.output) },
    ]);
  }
  if (!Array.isArray(record.conversations)) return `"conversations" is ${showValue(record.conversations)}, not a list of turns`;
  const turns: ConversationAnnotation['turns'] = [];
  for (const [index, turn] of (record.conversations as unknown[]).entries()) {
    const speaker = isRecord(turn) && typeof turn.from === 'string' ? turn.from : undefined;
    const role = speaker === undefined ? undefined : ROLE_BY_SPEAKER[speaker];
    if (role === undefined || !isRecord(turn)) return `turn ${index} is from ${showValue(isRecord(turn) ? turn.from : turn)}, not "human" or "gpt"`;
    if (typeof turn.value !== 'string') return `turn ${index} "value" is ${showValue(turn.value)}, not text`;
    turns.push({ role, text: stripImage(turn.value) });
  }
  return checkTurns(turns);
}

function checkTurns(turns: ConversationAnnotation['turns']): ConversationAnnotation['turns'] | string {
  if (turns.length === 0) return 'no turns';
  for (const [index, turn] of turns.entries()) {
    const expected = index % 2 === 0 ? 'user' : 'assistant';
    if (turn.role !== expected) return `turn ${index} is from the ${turn.role}, where the ${expected} speaks`;
    if (turn.text === '') return `turn ${index} is empty`;
  }
  if (turns.length % 2 !== 0) return 'the last turn is the user\'s, with no answer';
  return turns;
}

/** The text without `<image>` and the newline beside it (`"<image>\nWhat is…"`, `"What is…\n<image>"`). */
function stripImage(text: string): string {
  return text.replace(/<image>\n|\n<image>|<image>/g, '').trim();
}
