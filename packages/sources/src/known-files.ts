import type { SourceDataset } from './annotation.js';

/**
 * How `discoverSources` recognises the files of one set: each role (`questions`, `annotations`...) is a
 * pattern matched against the file's path relative to the sources folder, with forward slashes. A named
 * group `split` pairs the files of one split (`train2014` questions with `train2014` annotations); a role
 * whose pattern has no `split` joins every split of the set (Visual Genome's shared `image_data.json`).
 * Every role is needed to load the set.
 */
export type KnownSource = { files: Readonly<Record<string, RegExp>> };

/** Matches a file name at the start of the path or after a folder. */
const anywhere = (name: string, flags = ''): RegExp => new RegExp(`(?:^|/)${name}$`, flags);

/**
 * The official file names of each set, as its archives unpack them. A plain record: a new set is one
 * more entry here, with its loader's roles.
 */
export const knownFiles: Partial<Record<SourceDataset, KnownSource>> = {
  'coco-caption': { files: { annotations: anywhere('captions_(?<split>(?:train|val)20(?:14|17))\\.json') } },
  'coco-instances': { files: { annotations: anywhere('instances_(?<split>(?:train|val)20(?:14|17))\\.json') } },
  'vg-region': { files: { regions: anywhere('region_descriptions\\.json'), images: anywhere('image_data\\.json') } },
  'vg-qa': { files: { questions: anywhere('question_answers\\.json'), images: anywhere('image_data\\.json') } },
  vqav2: {
    files: {
      questions: anywhere('v2_OpenEnded_mscoco_(?<split>(?:train|val)2014)_questions\\.json'),
      annotations: anywhere('v2_mscoco_(?<split>(?:train|val)2014)_annotations\\.json'),
    },
  },
  // OK-VQA's files have the names of VQA v1's, so only those under a folder named for OK-VQA are taken.
  'ok-vqa': {
    files: {
      questions: anywhere('ok[-_]?vqa[^/]*/(?:[^/]+/)*OpenEnded_mscoco_(?<split>(?:train|val)2014)_questions\\.json', 'i'),
      annotations: anywhere('ok[-_]?vqa[^/]*/(?:[^/]+/)*mscoco_(?<split>(?:train|val)2014)_annotations\\.json', 'i'),
    },
  },
  'a-okvqa': { files: { annotations: anywhere('aokvqa_v1p0_(?<split>train|val)\\.json') } },
  // TallyQA's files are plain train.json and test.json: only those under a folder named for TallyQA.
  tallyqa: { files: { questions: anywhere('tally[-_]?qa[^/]*/(?:[^/]+/)*(?<split>train|test)\\.json', 'i') } },
  'vqa-e': { files: { annotations: anywhere('VQA-E_(?<split>train|val)_set\\.json') } },
  // The random split's files, under a folder named for VSR; the zero-shot split repeats its statements.
  vsr: { files: { statements: anywhere('(?:vsr|visual-spatial-reasoning)[^/]*/(?:(?!zeroshot/)[^/]+/)*(?<split>train|dev)\\.jsonl', 'i') } },
  // Tasks 1 to 3 share their training questions; task 3's file has no answer dictionaries.
  'st-vqa': { files: { questions: anywhere('(?<split>train)_task_3\\.json') } },
  // A split folder of cocoqa-2015-05-17.zip; its loader takes the folder of the questions file.
  'coco-qa': {
    files: {
      questions: anywhere('coco[-_]?qa[^/]*/(?:[^/]+/)*(?<split>train|test)/questions\\.txt', 'i'),
      answers: anywhere('coco[-_]?qa[^/]*/(?:[^/]+/)*(?<split>train|test)/answers\\.txt', 'i'),
      imageIds: anywhere('coco[-_]?qa[^/]*/(?:[^/]+/)*(?<split>train|test)/img_ids\\.txt', 'i'),
      types: anywhere('coco[-_]?qa[^/]*/(?:[^/]+/)*(?<split>train|test)/types\\.txt', 'i'),
    },
  },
  // On VG images: its loader also needs VG's image_data.json, the Visual Genome sets' shared file (not a
  // role here, or a VG folder alone would show an incomplete paragraph set).
  'image-paragraph': { files: { paragraphs: anywhere('paragraphs_v1\\.json'), split: anywhere('(?<split>train|val|test)_split\\.json') } },
  // 1.0 val and test are on VisDial's own images, not COCO's.
  visdial: { files: { dialogs: anywhere('visdial_(?<split>(?:0\\.9|1\\.0)_(?:train|val))\\.json') } },
  // The refer toolkit's folders; a refs file converted to JSON keeps its name with .json.
  refcoco: { files: { refs: anywhere('refcoco/refs\\(unc\\)\\.(?:p|json)'), instances: anywhere('refcoco/instances\\.json') } },
  'refcoco+': { files: { refs: anywhere('refcoco\\+/refs\\(unc\\)\\.(?:p|json)'), instances: anywhere('refcoco\\+/instances\\.json') } },
  refcocog: { files: { refs: anywhere('refcocog/refs\\(umd\\)\\.(?:p|json)'), instances: anywhere('refcocog/instances\\.json') } },
  // llava_instruct_150k.json holds the other three: keep either it or them.
  'llava-instruct': { files: { conversations: anywhere('(?<split>llava_instruct_150k|conversation_58k|detail_23k|complex_reasoning_77k)\\.json') } },
  sharegpt4v: { files: { conversations: anywhere('(?<split>sharegpt4v_instruct_gpt4-vision_cap100k|share-captioner_coco_lcs_sam_1246k_1107)\\.json') } },
  'lvis-instruct4v': { files: { conversations: anywhere('(?<split>lvis_instruct4v_\\d+k)\\.json') } },
};
