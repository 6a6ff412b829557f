import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadCocoCaptions, loadCocoImages, loadCocoInstances, type Annotation, type CocoImage } from '@vift/sources';

/** The LLaVA prompt folders, LLaVA's context file and the COCO sample used by the LLM generator's tests. */
export const llavaFixtures = (path: string) => fileURLToPath(new URL(`../../../fixtures/llava-prompts/${path}`, import.meta.url));

export type ImageGroup = { image: CocoImage; annotations: Annotation[] };

/** The 7 COCO val2017 images of the sample with their captions and instances, through the real loaders, in id order. */
export async function cocoSampleGroups(): Promise<ImageGroup[]> {
  const captions = llavaFixtures('coco/captions_val2017_7img.json');
  const instances = llavaFixtures('coco/instances_val2017_7img.json');
  const images = new Map<number, CocoImage>();
  for await (const image of loadCocoImages({ file: captions })) images.set(image.cocoId, image);
  const groups = new Map<number, ImageGroup>([...images.values()].sort((left, right) => left.cocoId - right.cocoId).map((image) => [image.cocoId, { image, annotations: [] }]));
  for await (const annotation of loadCocoCaptions({ file: captions, images })) groups.get(annotation.cocoId)!.annotations.push(annotation);
  for await (const annotation of loadCocoInstances({ file: instances, images })) groups.get(annotation.cocoId)!.annotations.push(annotation);
  return [...groups.values()];
}

/** The contexts Python computed for the same images (`derive-contexts.py`), by COCO id. */
export async function pythonContexts(): Promise<Record<string, string>> {
  return JSON.parse(await readFile(llavaFixtures('coco/contexts_val2017_7img.json'), 'utf8')) as Record<string, string>;
}

/** The lines of LLaVA's `caps_boxes_coco2014_val_80.jsonl`, parsed, with each box's text as the file writes it. */
export async function llavaContextRecords(): Promise<{ id: string; captions: string[]; instances: { category: string; bbox: number[]; text: string }[] }[]> {
  const lines = (await readFile(llavaFixtures('caps_boxes_coco2014_val_80.jsonl'), 'utf8')).split('\n').filter((line) => line !== '');
  return lines.map((line) => {
    const record = JSON.parse(line) as { id: string; captions: string[]; instances: { category: string; bbox: number[] }[] };
    // The numbers as Python printed them, read from the line itself, not re-printed by JavaScript.
    const texts = [...line.matchAll(/"bbox": (\[[^\]]*\])/g)].map((match) => match[1]!);
    return { ...record, instances: record.instances.map((instance, index) => ({ ...instance, text: texts[index]! })) };
  });
}
