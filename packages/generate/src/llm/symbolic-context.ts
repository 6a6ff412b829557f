import type { Annotation, CocoImage } from '@vift/sources';
import { boxText } from '../tasks/boxes.js';

export type SymbolicContextOptions = {
  image: CocoImage;
  annotations: readonly Annotation[];
  /** Add the object boxes after the captions (default true); LLaVA's conversation prompts use captions only. */
  boxes?: boolean;
};

/**
 * What a text-only model is told about an image instead of seeing it, laid out like LLaVA's few-shot
 * examples and `caps_boxes_coco2014_val_80.jsonl`: the COCO captions one per line (trimmed), then a blank
 * line and one `category: [x1, y1, x2, y2]` line per COCO object, corners relative to the image size with
 * 3 decimals. Objects keep the order of the annotations; crowd regions are kept, as COCO's API lists them.
 */
export function buildSymbolicContext(options: SymbolicContextOptions): string {
  const { image, annotations } = options;
  const captions: string[] = [];
  const objects: string[] = [];
  for (const annotation of annotations) {
    if (annotation.kind === 'caption' && annotation.dataset === 'coco-caption') {
      // A caption is one line of the context: a newline inside one would read as two captions.
      const text = annotation.text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
      if (text !== '') captions.push(text);
    } else if (annotation.kind === 'object' && annotation.dataset === 'coco-instances' && options.boxes !== false) {
      objects.push(`${annotation.category}: ${boxText(annotation.box, image)}`);
    }
  }
  return objects.length === 0 ? captions.join('\n') : `${captions.join('\n')}\n\n${objects.join('\n')}`;
}

/** How many COCO captions the context of these annotations has; an image without any is skipped. */
export function captionCount(annotations: readonly Annotation[]): number {
  return annotations.filter((annotation) => annotation.kind === 'caption' && annotation.dataset === 'coco-caption' && annotation.text.trim() !== '').length;
}
