import type { Sample } from '@vift/schema';

/**
 * The length LLaVA's `LazySupervisedDataset.modality_lengths` gives a sample: the number of
 * whitespace-separated words over all its turns (Python's `str.split()`), positive when the record has an
 * `image` key and negative when it has none. `group_by_modality_length` asserts that none is zero.
 */
export function llavaModalityLength(sample: Sample): number {
  let words = 0;
  for (const turn of sample.turns) words += turn.text.split(/\s+/).filter((word) => word !== '').length;
  return sample.images.length > 0 || words === 0 ? words : -words;
}
