import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cocoIdFromImagePath } from '../src/instruct/coco-image-path.js';
import { loadInstructConversations } from '../src/instruct/load-instruct-conversations.js';
import { SourceFileError } from '../src/source-error.js';
import { extraFixture, imagesWithIds, reports, writeRecords } from './extra-fixtures.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const gpt4Output = extraFixture('llava/coco2014_val_gpt4_qa_30x3.jsonl');
const multiTurn = extraFixture('llava/llava-instruct-coco-val-30-multiturn.json');
const shareGpt4v = extraFixture('sharegpt4v/sharegpt4v_instruct_gpt4-vision_cap100k.json');
const lvis = extraFixture('lvis-instruct4v/lvis_instruct4v_220k.json');
const temporaryFolder = useTempFolders();

describe('loadInstructConversations', () => {
  it("reads LLaVA's real GPT-4 output lines as one-round conversations with their task", async () => {
    const { list, report } = reports();
    const annotations = await collect(loadInstructConversations({ file: gpt4Output, dataset: 'llava-instruct', report }));
    expect(annotations).toHaveLength(90);
    expect(annotations[0]).toEqual({
      kind: 'conversation',
      dataset: 'llava-instruct',
      cocoId: 525439,
      annotationId: '000000525439',
      task: 'conversation',
      turns: [
        { role: 'user', text: 'What is the position of the skateboard in the image?' },
        { role: 'assistant', text: 'The skateboard in the image is in an upside-down position, with its wheels pointing up and laying on the ground.' },
      ],
    });
    const tasks = new Map<string, number>();
    for (const annotation of annotations) tasks.set(annotation.task!, (tasks.get(annotation.task!) ?? 0) + 1);
    expect(tasks).toEqual(new Map([['conversation', 30], ['detail', 30], ['complex_reasoning', 30]]));
    expect(new Set(annotations.map((annotation) => annotation.cocoId)).size).toBe(30);
    expect(list).toEqual([{ dataset: 'llava-instruct', file: gpt4Output, annotations: 90, droppedNotCoco: 0, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('reads LLaVA-format multi-turn records, with the <image> line removed', async () => {
    const annotations = await collect(loadInstructConversations({ file: multiTurn, dataset: 'llava-instruct', images: imagesWithIds([525439]) }));
    expect(annotations).toHaveLength(1);
    const [first] = annotations;
    expect(first!.task).toBeUndefined();
    expect(first!.turns.map((turn) => turn.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(first!.turns[0]!.text).toBe('What is the position of the skateboard in the image?');
    expect(first!.turns[2]!.text).toBe('Can you elaborate on the elements of the picture provided?');
    expect(first!.turns.some((turn) => turn.text.includes('<image>'))).toBe(false);
  });

  it("takes the task from LLaVA's file names, or from the options", async () => {
    const folder = await temporaryFolder();
    const detail = join(folder, 'detail_23k.json');
    await copyFile(multiTurn, detail);
    expect(new Set((await collect(loadInstructConversations({ file: detail, dataset: 'llava-instruct' }))).map((annotation) => annotation.task))).toEqual(new Set(['detail']));
    const told = await collect(loadInstructConversations({ file: detail, dataset: 'llava-instruct', task: 'mixed' }));
    expect(new Set(told.map((annotation) => annotation.task))).toEqual(new Set(['mixed']));
  });

  it('keeps the COCO images of ShareGPT4V and counts SAM and LAION images as not COCO', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadInstructConversations({ file: shareGpt4v, dataset: 'sharegpt4v', report }));
    expect(annotations.map((annotation) => [annotation.cocoId, annotation.annotationId, annotation.task])).toEqual([
      [205401, '000000205401', 'gpt4v_caption'],
      [802, '000000000802', 'gpt4v_caption'],
      [117645, '000000117645', 'gpt4v_caption'],
    ]);
    expect(annotations[0]!.turns[0]).toEqual({ role: 'user', text: 'What do you see happening in this image?' });
    expect(annotations[1]!.turns[0]).toEqual({ role: 'user', text: 'What is in the photo? Describe it in detail.' });
    expect(list).toEqual([{ dataset: 'sharegpt4v', file: shareGpt4v, annotations: 3, droppedNotCoco: 2, droppedUnknownImage: 0, droppedMalformed: 0, examples: [] }]);
  });

  it('reads LVIS-Instruct4V multi-turn conversations', async () => {
    const { list, report } = reports();
    const annotations = await collect(loadInstructConversations({ file: lvis, dataset: 'lvis-instruct4v', images: imagesWithIds([11813]), report }));
    expect(annotations).toEqual([
      {
        kind: 'conversation',
        dataset: 'lvis-instruct4v',
        cocoId: 11813,
        annotationId: 'coco/val2017/000000011813',
        turns: [
          { role: 'user', text: 'What is mounted on the tripod?' },
          { role: 'assistant', text: 'A camera is mounted on the tripod, and it appears to be connected to a laptop placed next to it.' },
          { role: 'user', text: 'Is there anything in the background?' },
          { role: 'assistant', text: 'Yes, vending machines can be seen in the background of the room.' },
        ],
      },
    ]);
    expect(list[0]).toMatchObject({ annotations: 1, droppedUnknownImage: 1 });
  });

  it('counts malformed conversations with their index and id, and images that are not COCO', async () => {
    const folder = await temporaryFolder();
    const turn = (from: string, value: string) => ({ from, value });
    const good = [turn('human', '<image>\nWhat is this?'), turn('gpt', 'A kitchen.')];
    const file = await writeRecords(folder, 'llava_instruct_150k.json', [
      { id: 'a', image: '000000000802.jpg', conversations: good },
      { id: 'b', image: '000000000802.jpg', conversations: [turn('gpt', 'Hello.'), turn('human', 'Hi.')] },
      { id: 'c', image: '000000000802.jpg', conversations: [turn('human', '<image>'), turn('gpt', 'A kitchen.')] },
      { id: 'd', image: '000000000802.jpg', conversations: [...good, turn('human', 'And?')] },
      { id: 'e', image: '000000000802.jpg', conversations: [turn('system', 'Be brief.'), ...good] },
      { id: 'f', image: '000000000802.jpg', conversations: 'none' },
      { id: 'g', conversations: good },
      { id: 'h', image: 'ocr_vqa/images/000000000802.jpg', conversations: good },
      { id: 'i', image: 'coco/train2017/000000000802.jpg', conversations: [turn('human', 'What is this?\n<image>'), turn('gpt', ' A kitchen. ')] },
    ]);
    const { list, report } = reports();
    const annotations = await collect(loadInstructConversations({ file, dataset: 'llava-instruct', report }));
    expect(annotations.map((annotation) => [annotation.annotationId, annotation.turns])).toEqual([
      ['a', [{ role: 'user', text: 'What is this?' }, { role: 'assistant', text: 'A kitchen.' }]],
      ['i', [{ role: 'user', text: 'What is this?' }, { role: 'assistant', text: 'A kitchen.' }]],
    ]);
    expect(list[0]).toMatchObject({ annotations: 2, droppedNotCoco: 2, droppedMalformed: 5 });
    expect(list[0]!.examples).toEqual([
      'record 1 (id b): turn 0 is from the assistant, where the user speaks',
      'record 2 (id c): turn 0 is empty',
      "record 3 (id d): the last turn is the user's, with no answer",
      'record 4 (id e): turn 0 is from "system", not "human" or "gpt"',
      'record 5 (id f): "conversations" is "none", not a list of turns',
    ]);
  });

  it('refuses a file whose records have no conversations, naming the key', async () => {
    const folder = await temporaryFolder();
    const other = await writeRecords(folder, 'captions.json', [{ id: 1, image: '000000000802.jpg', caption: 'A kitchen.' }]);
    const error = await caught(() => collect(loadInstructConversations({ file: other, dataset: 'llava-instruct' })));
    expect(SourceFileError.isInstance(error)).toBe(true);
    expect((error as SourceFileError).message).toBe(`${other} record 0 (id 1, at byte 1): the records have no "conversations"`);
  });
});

describe('cocoIdFromImagePath', () => {
  it.each([
    ['000000033471.jpg', 33471],
    ['coco/train2017/000000033471.jpg', 33471],
    ['/data/coco/val2017/000000000802.jpg', 802],
    ['train2014/COCO_train2014_000000000009.jpg', 9],
    ['coco-text/COCO_train2014_000000347021.jpg', 347021],
    ['COCO_val2014_000000525439.jpg', 525439],
    ['http://images.cocodataset.org/train2017/000000050403.jpg', 50403],
    ['C:\\datasets\\coco\\train2017\\000000033471.jpg', 33471],
    ['val2017/000000397133.JPG', 397133],
  ])('reads %s as COCO image %i', (path, cocoId) => {
    expect(cocoIdFromImagePath(path)).toBe(cocoId);
  });

  it.each([
    'sam/images/sa_10024.jpg',
    'llava/llava_pretrain/images/00258/002582585.jpg',
    'ocr_vqa/images/000000000802.jpg',
    'gqa/images/2354786.jpg',
    'VG_100K_2/2410408.jpg',
    '00000033471.jpg',
    '000000033471.png',
    '',
  ])('does not take %s for a COCO image', (path) => {
    expect(cocoIdFromImagePath(path)).toBeUndefined();
  });
});
