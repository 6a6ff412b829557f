import type { Annotation, AnnotationKind, CocoImage } from '@vift/sources';
import { imageRandom } from '../compose/image-random.js';
import type { ImageGroup } from '../tasks/turn-unit.js';

export type GroupByImageResult = {
  groups: ImageGroup[];
  /** Annotations whose COCO id is not among the images (counted, not fatal). */
  unknownImage: number;
  /** Annotations left out because another shard owns their image. */
  otherShards: number;
};

/** Kept per image for a kind with a limit: a reservoir sample of what was seen, with its own random source. */
type Reservoir = { random: () => number; seen: Map<AnnotationKind, number> };

/**
 * Collects annotations per COCO image, keeping those `keep` accepts (a shard's images), and returns the
 * groups in ascending COCO id: the order does not depend on the order of the sources.
 *
 * `atMost` caps the kinds a recipe uses only a few of per image (Visual Genome has about 50 regions per
 * image, a recipe uses 3): a seeded reservoir sample per image keeps memory to what can be used. The
 * sample depends only on the image's own annotations and `seed`, so shards still agree with a whole run.
 */
export async function groupByImage(options: {
  annotations: AsyncIterable<Annotation> | Iterable<Annotation>;
  images: ReadonlyMap<number, CocoImage>;
  keep?: (cocoId: number) => boolean;
  atMost?: Partial<Record<AnnotationKind, number>>;
  seed?: number;
}): Promise<GroupByImageResult> {
  const byImage = new Map<number, Annotation[]>();
  const reservoirs = new Map<number, Reservoir>();
  const atMost = options.atMost ?? {};
  let unknownImage = 0;
  let otherShards = 0;
  for await (const annotation of options.annotations) {
    if (options.keep !== undefined && !options.keep(annotation.cocoId)) {
      otherShards++;
      continue;
    }
    if (!options.images.has(annotation.cocoId)) {
      unknownImage++;
      continue;
    }
    const limit = atMost[annotation.kind];
    const group = byImage.get(annotation.cocoId);
    if (group === undefined) byImage.set(annotation.cocoId, [annotation]);
    else if (limit === undefined) group.push(annotation);
    else addSampled(group, annotation, limit, reservoirFor(reservoirs, annotation.cocoId, options.seed ?? 0));
    if (group === undefined && limit !== undefined) reservoirFor(reservoirs, annotation.cocoId, options.seed ?? 0).seen.set(annotation.kind, 1);
  }
  const groups = [...byImage.keys()].sort((left, right) => left - right).map((cocoId) => ({ image: options.images.get(cocoId)!, annotations: byImage.get(cocoId)! }));
  return { groups, unknownImage, otherShards };
}

function reservoirFor(reservoirs: Map<number, Reservoir>, cocoId: number, seed: number): Reservoir {
  let reservoir = reservoirs.get(cocoId);
  if (reservoir === undefined) {
    reservoir = { random: imageRandom(seed ^ 0x5eed, cocoId), seen: new Map() };
    reservoirs.set(cocoId, reservoir);
  }
  return reservoir;
}

/** Algorithm R over the annotations of one kind in the group: every one seen has the same chance to stay. */
function addSampled(group: Annotation[], annotation: Annotation, limit: number, reservoir: Reservoir): void {
  const seen = reservoir.seen.get(annotation.kind) ?? 0;
  reservoir.seen.set(annotation.kind, seen + 1);
  if (seen < limit) {
    group.push(annotation);
    return;
  }
  const slot = Math.floor(reservoir.random() * (seen + 1));
  if (slot >= limit) return;
  // Replace the slot-th kept annotation of this kind.
  let index = -1;
  for (let kept = 0, position = 0; position < group.length; position++) {
    if (group[position]!.kind !== annotation.kind) continue;
    if (kept++ === slot) {
      index = position;
      break;
    }
  }
  if (index >= 0) group[index] = annotation;
}
