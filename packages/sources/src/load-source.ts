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
};

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
