import { IMAGE_PLACEHOLDER } from './sample.js';

export function countPlaceholders(text: string): number {
  let count = 0;
  let at = text.indexOf(IMAGE_PLACEHOLDER);
  while (at !== -1) {
    count++;
    at = text.indexOf(IMAGE_PLACEHOLDER, at + IMAGE_PLACEHOLDER.length);
  }
  return count;
}
