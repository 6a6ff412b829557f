import type { Sample } from '@vift/schema';
import type { CocoImage } from '@vift/sources';
import { baselineDialogs } from '../compose/baseline-units.js';
import { composeDialogs, splitToLimits } from '../compose/compose-dialogs.js';
import { imageRandom } from '../compose/image-random.js';
import type { Recipe } from '../recipes/recipe.js';
import type { ImageGroup, TaskContext, TurnUnit } from '../tasks/turn-unit.js';
import { unitsForImage } from '../tasks/units-for-image.js';

/** `coco/train2017/000000000139.jpg`: the layout LLaVA's `image` fields and training scripts expect. */
export function imagePath(image: CocoImage, imageFolder: string): string {
  return [imageFolder, image.split, image.fileName].filter((part) => part !== undefined && part !== '').join('/');
}

/** The samples of one image under a recipe: its dialogs, each a sample whose first user turn holds the image. */
export function samplesForImage(group: ImageGroup, recipe: Recipe): Sample[] {
  const wanted = recipe.datasets === undefined ? undefined : new Set<string>(recipe.datasets);
  const annotations = wanted === undefined ? group.annotations : group.annotations.filter((annotation) => wanted.has(annotation.dataset));
  if (annotations.length === 0) return [];
  const random = imageRandom(recipe.seed, group.image.cocoId);
  const context: TaskContext = { wording: recipe.wording, limits: recipe.perImage, random };
  const filtered = { image: group.image, annotations };
  const room = Math.max(1, recipe.dialog.maxTokens - recipe.dialog.imageTokens);
  let dialogs: TurnUnit[][];
  if (recipe.dialogStyle === 'mixed-dialogs') {
    const { units, reserve } = unitsForImage(filtered, context);
    dialogs = composeDialogs(units, recipe.dialog, random, reserve);
  } else {
    dialogs = baselineDialogs(filtered, context).flatMap((dialog) => splitToLimits(dialog, recipe.dialog, room));
  }
  const { image } = group;
  const imageRef = { path: imagePath(image, recipe.imageFolder), cocoId: image.cocoId, width: image.width, height: image.height };
  return dialogs.map((dialog, index) => dialogSample(dialog, `${recipe.name}-${String(image.cocoId).padStart(12, '0')}-${index}`, imageRef, recipe));
}

function dialogSample(units: readonly TurnUnit[], id: string, image: Sample['images'][number], recipe: Recipe): Sample {
  const turns = units.flatMap((unit) => unit.turns).map((turn, index) => ({ role: turn.role, text: index === 0 ? `<image>\n${turn.text}` : turn.text, source: turn.source }));
  return { id, images: [image], turns, source: { dataset: recipe.name, task: recipe.dialogStyle } };
}
