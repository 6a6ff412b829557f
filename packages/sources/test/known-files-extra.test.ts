import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSources } from '../src/discover-sources.js';
import { useTempFolders } from './temp-folder.js';

const temporaryFolder = useTempFolders();

/** The official names of the second-half sets, as their archives unpack them under a sources folder. */
const files = [
  'aokvqa/aokvqa_v1p0_train.json',
  'aokvqa/aokvqa_v1p0_test.json',
  'tallyqa/train.json',
  'other/train.json',
  'VQA-E/VQA-E_val_set.json',
  'vsr/random/train.jsonl',
  'vsr/zeroshot/train.jsonl',
  'st-vqa/train_task_1.json',
  'st-vqa/train_task_3.json',
  'cocoqa/test/questions.txt',
  'cocoqa/test/answers.txt',
  'cocoqa/test/img_ids.txt',
  'cocoqa/test/types.txt',
  'paragraphs/paragraphs_v1.json',
  'paragraphs/val_split.json',
  'vg/image_data.json',
  'visdial/visdial_1.0_train.json',
  'visdial/visdial_1.0_test.json',
  'refer/refcoco/refs(unc).p',
  'refer/refcoco/instances.json',
  'refer/refcoco+/refs(unc).json',
  'refer/refcoco+/instances.json',
  'refer/refcocog/refs(google).p',
  'refer/refcocog/refs(umd).p',
  'refer/refcocog/instances.json',
  'llava/detail_23k.json',
  'llava/conversation_58k.json',
  'sharegpt4v/sharegpt4v_instruct_gpt4-vision_cap100k.json',
  'lvis/lvis_instruct4v_220k.json',
];

describe('knownFiles for the second-half sets', () => {
  it('finds each set by its official file names, by role and split', async () => {
    const root = await temporaryFolder();
    for (const file of files) {
      await mkdir(dirname(join(root, file)), { recursive: true });
      await writeFile(join(root, file), '[]');
    }
    const found = await discoverSources(root, { maxDepth: 3 });
    const relative = (path: string) => path.slice(root.length + 1);
    const described = found
      .filter((source) => !['vg-region', 'vg-qa'].includes(source.dataset))
      .map((source) => ({ dataset: source.dataset, split: source.split, files: Object.fromEntries(Object.entries(source.files).map(([role, path]) => [role, relative(path)])), missing: source.missing }));
    expect(described).toEqual([
      { dataset: 'a-okvqa', split: 'train', files: { annotations: 'aokvqa/aokvqa_v1p0_train.json' }, missing: [] },
      { dataset: 'tallyqa', split: 'train', files: { questions: 'tallyqa/train.json' }, missing: [] },
      { dataset: 'vqa-e', split: 'val', files: { annotations: 'VQA-E/VQA-E_val_set.json' }, missing: [] },
      { dataset: 'vsr', split: 'train', files: { statements: 'vsr/random/train.jsonl' }, missing: [] },
      { dataset: 'st-vqa', split: 'train', files: { questions: 'st-vqa/train_task_3.json' }, missing: [] },
      {
        dataset: 'coco-qa',
        split: 'test',
        files: { questions: 'cocoqa/test/questions.txt', answers: 'cocoqa/test/answers.txt', imageIds: 'cocoqa/test/img_ids.txt', types: 'cocoqa/test/types.txt' },
        missing: [],
      },
      { dataset: 'image-paragraph', split: 'val', files: { paragraphs: 'paragraphs/paragraphs_v1.json', split: 'paragraphs/val_split.json' }, missing: [] },
      { dataset: 'visdial', split: '1.0_train', files: { dialogs: 'visdial/visdial_1.0_train.json' }, missing: [] },
      { dataset: 'refcoco', files: { refs: 'refer/refcoco/refs(unc).p', instances: 'refer/refcoco/instances.json' }, missing: [] },
      { dataset: 'refcoco+', files: { refs: 'refer/refcoco+/refs(unc).json', instances: 'refer/refcoco+/instances.json' }, missing: [] },
      { dataset: 'refcocog', files: { refs: 'refer/refcocog/refs(umd).p', instances: 'refer/refcocog/instances.json' }, missing: [] },
      { dataset: 'llava-instruct', split: 'conversation_58k', files: { conversations: 'llava/conversation_58k.json' }, missing: [] },
      { dataset: 'llava-instruct', split: 'detail_23k', files: { conversations: 'llava/detail_23k.json' }, missing: [] },
      { dataset: 'sharegpt4v', split: 'sharegpt4v_instruct_gpt4-vision_cap100k', files: { conversations: 'sharegpt4v/sharegpt4v_instruct_gpt4-vision_cap100k.json' }, missing: [] },
      { dataset: 'lvis-instruct4v', split: 'lvis_instruct4v_220k', files: { conversations: 'lvis/lvis_instruct4v_220k.json' }, missing: [] },
    ]);
  });
});
