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
};
