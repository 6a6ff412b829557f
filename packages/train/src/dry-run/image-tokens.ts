/**
 * The tokens one image takes in the language model: one per vision patch, (imageSize / patchSize)², which
 * is (336 / 14)² = 576 for LLaVA-1.5's CLIP ViT-L/14-336 (the class token is dropped by
 * `mm_vision_select_feature: patch`); start and end tokens add two when `mm_use_im_start_end` is on.
 */
export function imageTokenCount(options: { imageSize: number; patchSize: number; startEndTokens?: boolean }): number {
  const side = Math.floor(options.imageSize / options.patchSize);
  return side * side + (options.startEndTokens === true ? 2 : 0);
}
