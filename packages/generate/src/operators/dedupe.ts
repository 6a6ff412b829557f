import type { Sample } from '@vift/schema';
import { Hash64Set } from './hash-64-set.js';
import { hashString64 } from './hash-string-64.js';
import type { Operator, AnyIterable } from './operator.js';
import { PipelineOptionError, describeValue } from './pipeline-option-error.js';
import { dialogKey, normaliseText } from './sample-keys.js';

/**
 * - `exact`: identical texts (for samples: every turn's role and text, character for character).
 * - `normalised`: the same after `normaliseText`: case, punctuation, whitespace and `<image>`
 *   placeholders do not count.
 */
export type DedupeRule = 'exact' | 'normalised';

type DedupeCommon<T> = {
  /** How texts are compared (default `exact`). */
  by?: DedupeRule;
  /** Called with each dropped item and its index in the input, e.g. to count or log them. */
  onDuplicate?: (item: T, index: number) => void;
};

export type SampleDedupeOptions = DedupeCommon<Sample> & {
  /**
   * Whether the images are part of a sample's identity (default true): the same question and answer on
   * two different images are two samples. Images compare by COCO id, else path, else bytes.
   */
  images?: boolean;
};

export type KeyedDedupeOptions<T> = DedupeCommon<T> & {
  /** The text that identifies an item; items with the same text (under `by`) are duplicates. */
  key: (item: T) => string;
};

/**
 * Drops every item whose text was seen before in the stream, keeping the first. Only a 64-bit hash of each
 * text is kept (about 16–32 bytes an item, see `Hash64Set`), never the text; two different texts out of
 * a million share a hash with odds of about 1 in 3·10⁷, and the later one would be dropped.
 */
export function dedupe(options?: SampleDedupeOptions): Operator<Sample, Sample>;
export function dedupe<T>(options: KeyedDedupeOptions<T>): Operator<T, T>;
export function dedupe<T>(options: SampleDedupeOptions | KeyedDedupeOptions<T> = {}): Operator<T, T> {
  const by = options.by ?? 'exact';
  if (by !== 'exact' && by !== 'normalised') {
    throw new PipelineOptionError({ operator: 'dedupe', option: 'by', message: `must be "exact" or "normalised" (got ${describeValue(by)})`, fix: 'pass by: "exact" or by: "normalised"' });
  }
  const normalised = by === 'normalised';
  let text: (item: T) => string;
  if ('key' in options && options.key !== undefined) {
    const key = options.key;
    text = normalised ? (item) => normaliseText(key(item)) : key;
  } else {
    const images = (options as SampleDedupeOptions).images ?? true;
    text = (item) => dialogKey(item as Sample, { normalised, images });
  }
  const onDuplicate = options.onDuplicate as ((item: T, index: number) => void) | undefined;
  return async function* deduped(source: AnyIterable<T>) {
    // Per iteration, so one operator can be used on several streams.
    const seen = new Hash64Set();
    let index = 0;
    for await (const item of source) {
      if (seen.add(hashString64(text(item)))) yield item;
      else onDuplicate?.(item, index);
      index++;
    }
  };
}
