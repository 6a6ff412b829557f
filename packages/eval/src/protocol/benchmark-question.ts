/** A benchmark question as the runner sees it, whatever file it came from. */
export type BenchmarkQuestion = {
  id: string | number;
  /** The image's path under the benchmark's image folder; none for text-only questions. */
  image?: string;
  question: string;
  category?: string;
  /** The ground truth or the reference answer. */
  reference?: string;
  /** A text description of the image (LLaVA-Bench's context). */
  context?: string;
};
