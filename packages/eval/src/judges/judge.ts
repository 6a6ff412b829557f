import type { ChatClient } from '@vift/llm';

/** One answer for a judge to score: the question, the model's answer and what the benchmark knows. */
export type JudgeItem = {
  id: string | number;
  question: string;
  prediction: string;
  /** The ground truth, or the reference answer a paired judge compares against. */
  reference?: string;
  /** A text description of the image, for judges that cannot see it (LLaVA-Bench). */
  context?: string;
  /** The benchmark's category, which may choose the judge's rule. */
  category?: string;
};

export type JudgeVerdict = {
  /** On the judge's own scale (MM-Vet 0–1, LLaVA-Bench the model's 1–10, a rubric its range). */
  score: number;
  /** The judge's reply as its reference implementation keeps it. */
  content: string;
  /** Chat requests it took, retries included. */
  requests: number;
  /** LLaVA-Bench: the reference answer's score, which the relative score divides by. */
  referenceScore?: number;
};

export type JudgeRunOptions = { signal?: AbortSignal };

/** A judge adapter: scores one answer, and reduces a set of verdicts to the benchmark's headline number. */
export type Judge = {
  readonly specificationVersion: 'v1';
  readonly name: string;
  judge(item: JudgeItem, options?: JudgeRunOptions): Promise<JudgeVerdict>;
  /** The headline number over some verdicts, on a 0–100 scale. */
  aggregate(verdicts: readonly JudgeVerdict[]): number;
};

export type JudgeSettings = {
  client: ChatClient;
  /** The judge model; the client's by default. */
  model?: string;
};
