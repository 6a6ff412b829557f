import type { Annotation, CocoImage, LoadReport, SourceDataset } from './annotation.js';
import { loadCocoCaptions } from './coco/load-coco-captions.js';
import { loadCocoImages } from './coco/load-coco-images.js';
import { loadCocoInstances } from './coco/load-coco-instances.js';
import type { DiscoveredSource } from './discover-sources.js';
import { SourceFileError } from './source-error.js';
import { loadVisualGenomeImages, type VisualGenomeImage } from './visual-genome/load-visual-genome-images.js';
import { loadVisualGenomeQuestions } from './visual-genome/load-visual-genome-questions.js';
import { loadVisualGenomeRegions } from './visual-genome/load-visual-genome-regions.js';
import { loadVqa } from './vqa/load-vqa.js';
import { loadAokvqa } from './a-okvqa/load-aokvqa.js';
import { loadTallyQa } from './tallyqa/load-tallyqa.js';
import { loadVqaE } from './vqa-e/load-vqa-e.js';
import { loadVsr } from './vsr/load-vsr.js';
import { loadStVqa } from './st-vqa/load-st-vqa.js';
import { loadCocoQa } from './coco-qa/load-coco-qa.js';
import { loadImageParagraphs } from './image-paragraph/load-image-paragraphs.js';
import { loadVisDial } from './visdial/load-visdial.js';
import { loadRefcoco, type RefcocoDataset } from './refcoco/load-refcoco.js';
import { loadInstructConversations, type InstructDataset } from './instruct/load-instruct-conversations.js';
import { dirname } from 'node:path';

/** What loading a discovered set needs besides its files; VG's map is read once and shared by VG sets. */
export type LoadSourceContext = {
  images: ReadonlyMap<number, CocoImage>;
  report?: (report: LoadReport) => void;
  /** Visual Genome image id → COCO image, for sets on VG images; read on first use when left out. */
  visualGenome?: () => Promise<ReadonlyMap<number, VisualGenomeImage>>;
};

type SourceLoader = (files: Readonly<Record<string, string>>, context: LoadSourceContext) => AsyncIterable<Annotation>;

async function* fromVisualGenome(context: LoadSourceContext, file: string | undefined, load: (vgToCoco: ReadonlyMap<number, VisualGenomeImage>) => AsyncIterable<Annotation>) {
  const vgToCoco = context.visualGenome !== undefined ? await context.visualGenome() : await loadVisualGenomeImages({ file: file ?? 'image_data.json' });
  yield* load(vgToCoco);
}

/** The loader of each set by the roles `knownFiles` gives its files. A plain record: one entry per set. */
export const sourceLoaders: Partial<Record<SourceDataset, SourceLoader>> = {
  'coco-caption': (files, context) => loadCocoCaptions({ file: files.annotations!, images: context.images, report: context.report }),
  'coco-instances': (files, context) => loadCocoInstances({ file: files.annotations!, images: context.images, report: context.report }),
  'vg-region': (files, context) =>
    fromVisualGenome(context, files.images, (vgToCoco) => loadVisualGenomeRegions({ file: files.regions!, vgToCoco, images: context.images, report: context.report })),
  'vg-qa': (files, context) =>
    fromVisualGenome(context, files.images, (vgToCoco) => loadVisualGenomeQuestions({ file: files.questions!, vgToCoco, images: context.images, report: context.report })),
  vqav2: (files, context) => loadVqa({ dataset: 'vqav2', questionsFile: files.questions!, annotationsFile: files.annotations!, images: context.images, report: context.report }),
  'ok-vqa': (files, context) => loadVqa({ dataset: 'ok-vqa', questionsFile: files.questions!, annotationsFile: files.annotations!, images: context.images, report: context.report }),
  'a-okvqa': (files, context) => loadAokvqa({ file: files.annotations!, images: context.images, report: context.report }),
  // TallyQA's VG images need VG's map when there is one; without it they are dropped and counted.
  tallyqa: async function* (files, context) {
    const vgToCoco = context.visualGenome === undefined ? undefined : await context.visualGenome().catch(() => undefined);
    yield* loadTallyQa({ file: files.questions!, images: context.images, report: context.report, ...(vgToCoco === undefined ? {} : { vgToCoco }) });
  },
  'vqa-e': (files, context) => loadVqaE({ file: files.annotations!, images: context.images, report: context.report }),
  vsr: (files, context) => loadVsr({ file: files.statements!, images: context.images, report: context.report }),
  'st-vqa': (files, context) => loadStVqa({ file: files.questions!, images: context.images, report: context.report }),
  'coco-qa': (files, context) => loadCocoQa({ folder: dirname(files.questions!), images: context.images, report: context.report }),
  'image-paragraph': (files, context) =>
    fromVisualGenome(context, undefined, (vgToCoco) =>
      loadImageParagraphs({ file: files.paragraphs!, vgToCoco, images: context.images, report: context.report, ...(files.split === undefined ? {} : { splitFile: files.split }) }),
    ),
  visdial: (files, context) => loadVisDial({ file: files.dialogs!, images: context.images, report: context.report }),
  refcoco: (files, context) => refcoco('refcoco', files, context),
  'refcoco+': (files, context) => refcoco('refcoco+', files, context),
  refcocog: (files, context) => refcoco('refcocog', files, context),
  'llava-instruct': (files, context) => instruct('llava-instruct', files, context),
  sharegpt4v: (files, context) => instruct('sharegpt4v', files, context),
  'lvis-instruct4v': (files, context) => instruct('lvis-instruct4v', files, context),
};

function refcoco(dataset: RefcocoDataset, files: Readonly<Record<string, string>>, context: LoadSourceContext): AsyncIterable<Annotation> {
  return loadRefcoco({ refsFile: files.refs!, instancesFile: files.instances!, dataset, images: context.images, report: context.report });
}

function instruct(dataset: InstructDataset, files: Readonly<Record<string, string>>, context: LoadSourceContext): AsyncIterable<Annotation> {
  return loadInstructConversations({ file: files.conversations!, dataset, images: context.images, report: context.report });
}

/** Streams the annotations of one discovered set; a set with missing files is an error naming them. */
export function loadSource(source: DiscoveredSource, context: LoadSourceContext): AsyncIterable<Annotation> {
  const loader = sourceLoaders[source.dataset];
  if (loader === undefined) throw new SourceFileError({ file: Object.values(source.files)[0] ?? source.dataset, message: `vift has no loader for ${source.dataset}`, fix: `leave it out of sources.json` });
  if (source.missing.length > 0) {
    throw new SourceFileError({
      file: Object.values(source.files)[0] ?? source.dataset,
      message: `${source.dataset}${source.split === undefined ? '' : ` ${source.split}`} is missing its ${source.missing.join(' and ')} file`,
      fix: `put the official file beside it, or name it in sources.json`,
    });
  }
  return loader(source.files, context);
}

/**
 * The COCO images of a sources folder, from the COCO files found (captions first: the same images as the
 * instances file in a fraction of the bytes). Every other set is joined to these.
 */
export async function loadSourceImages(sources: readonly DiscoveredSource[]): Promise<Map<number, CocoImage>> {
  const images = new Map<number, CocoImage>();
  const bySplit = new Map<string, string>();
  for (const source of [...sources].sort((left, right) => (left.dataset === 'coco-caption' ? -1 : 0) - (right.dataset === 'coco-caption' ? -1 : 0))) {
    if (source.dataset !== 'coco-caption' && source.dataset !== 'coco-instances') continue;
    const file = source.files.annotations;
    if (file !== undefined && !bySplit.has(source.split ?? file)) bySplit.set(source.split ?? file, file);
  }
  for (const file of bySplit.values()) for await (const image of loadCocoImages({ file })) images.set(image.cocoId, image);
  return images;
}
