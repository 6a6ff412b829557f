import { bleu } from './bleu.js';
import type { CaptionExample } from './caption-example.js';
import { tokenizeCaptions } from './caption-tokenizer.js';
import { ciderD } from './cider-d.js';
import { MissingIdError, UnknownMetricError } from './eval-errors.js';
import { pairById } from './record-index.js';
import { rougeL } from './rouge-l.js';

/** A caption and its image: a COCO annotation or a COCO results entry. */
export type CaptionRecord = { imageId: string | number; caption: string };

/** The caption metrics by name. */
export const captionMetricNames = ['bleu', 'rouge-l', 'cider-d'] as const;
export type CaptionMetricName = (typeof captionMetricNames)[number];

export type EvaluateCaptionsOptions = {
  /** One candidate caption per image. */
  predictions: readonly CaptionRecord[];
  /** Reference captions, several per image; images are scored in the order they first appear here. */
  references: readonly CaptionRecord[];
  /** Which metrics (default all): `bleu` (BLEU-1..4), `rouge-l`, `cider-d`. */
  metrics?: readonly string[];
  /** Tokenize as pycocoevalcap does (default true); false when the captions are token strings already. */
  tokenize?: boolean;
  /** File names for error messages. */
  files?: { predictions?: string; references?: string };
};

/** Scores keyed `bleu-1`..`bleu-4`, `rouge-l`, `cider-d` (only those asked for). */
export type CaptionScores = Record<string, number>;

export type EvaluateCaptionsResult = {
  scores: CaptionScores;
  perImage: { imageId: string | number; scores: CaptionScores }[];
  /** What was scored, after tokenization. */
  examples: CaptionExample[];
};

/**
 * pycocoevalcap's COCOEvalCap over caption records: PTB tokenization of references and candidates, then
 * BLEU-1..4, ROUGE-L and CIDEr-D on the same tokens. Every image of the references needs one prediction.
 */
export function evaluateCaptions(options: EvaluateCaptionsOptions): EvaluateCaptionsResult {
  const metrics = options.metrics ?? captionMetricNames;
  for (const metric of metrics) {
    if (!(captionMetricNames as readonly string[]).includes(metric)) throw new UnknownMetricError({ metric, known: captionMetricNames });
  }
  const referenceFile = options.files?.references;
  const byImage = new Map<string | number, string[]>();
  options.references.forEach((record, index) => {
    const imageId = record === null || typeof record !== 'object' ? undefined : record.imageId;
    if (typeof imageId !== 'string' && typeof imageId !== 'number') {
      throw new MissingIdError({ list: 'references', index, field: 'imageId', ...(referenceFile === undefined ? {} : { file: referenceFile }) });
    }
    const captions = byImage.get(imageId);
    if (captions === undefined) byImage.set(imageId, [record.caption]);
    else captions.push(record.caption);
  });
  const pairs = pairById({
    references: byImage,
    predictions: options.predictions,
    predictionId: (prediction) => prediction.imageId,
    field: 'imageId',
    ...(options.files?.predictions === undefined ? {} : { file: options.files.predictions }),
  });

  let examples: CaptionExample[] = pairs.map((pair) => ({ id: pair.id, candidate: pair.prediction.caption, references: pair.reference }));
  if (options.tokenize ?? true) {
    // Two passes, as the reference runs the tokenizer once over all references and once over all candidates.
    const references = tokenizeCaptions(examples.flatMap((example) => example.references));
    const candidates = tokenizeCaptions(examples.map((example) => example.candidate));
    let next = 0;
    examples = examples.map((example, index) => ({
      id: example.id,
      candidate: candidates[index]!,
      references: example.references.map(() => references[next++]!),
    }));
  }

  const scores: CaptionScores = {};
  const perImage = examples.map((example) => ({ imageId: example.id, scores: {} as CaptionScores }));
  if (metrics.includes('bleu')) {
    const result = bleu({ examples });
    result.scores.forEach((score, order) => (scores[`bleu-${order + 1}`] = score));
    result.perImage.forEach((image, index) => image.scores.forEach((score, order) => (perImage[index]!.scores[`bleu-${order + 1}`] = score)));
  }
  if (metrics.includes('rouge-l')) {
    const result = rougeL({ examples });
    scores['rouge-l'] = result.score;
    result.perImage.forEach((image, index) => (perImage[index]!.scores['rouge-l'] = image.score));
  }
  if (metrics.includes('cider-d')) {
    const result = ciderD({ examples });
    scores['cider-d'] = result.score;
    result.perImage.forEach((image, index) => (perImage[index]!.scores['cider-d'] = image.score));
  }
  return { scores, perImage, examples };
}
