import type { CaptionExample } from './caption-example.js';
import { MetricInputError } from './eval-errors.js';

/** The checks every reference caption scorer makes: something to score, a string candidate, references. */
export function checkCaptionExamples(metric: string, examples: readonly CaptionExample[]): void {
  if (examples.length === 0) throw new MetricInputError({ metric, message: 'no examples to score', fix: 'pass at least one image with a candidate and references' });
  examples.forEach((example, index) => {
    if (typeof example.candidate !== 'string') {
      throw new MetricInputError({ metric, index, id: example.id, message: 'the candidate is not a string', fix: 'give one candidate caption per image' });
    }
    if (!Array.isArray(example.references) || example.references.length === 0) {
      throw new MetricInputError({ metric, index, id: example.id, message: 'no reference captions', fix: 'give every image at least one reference caption' });
    }
    if (example.references.some((reference) => typeof reference !== 'string')) {
      throw new MetricInputError({ metric, index, id: example.id, message: 'a reference caption is not a string', fix: 'give reference captions as strings' });
    }
  });
}
