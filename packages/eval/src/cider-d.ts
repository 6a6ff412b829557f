import type { CaptionExample } from './caption-example.js';
import { checkCaptionExamples } from './check-examples.js';
import { NgramTable } from './ngram-ids.js';
import { numpyMean } from './numpy-sum.js';

export type CiderDOptions = {
  examples: readonly CaptionExample[];
  /** Highest n-gram order (default 4). */
  maxOrder?: number;
  /** Standard deviation of the Gaussian length penalty (default 6). */
  sigma?: number;
};

export type CiderDResult = {
  /** The mean of the per-image scores. */
  score: number;
  perImage: { id: string | number; score: number }[];
};

/**
 * CIDEr-D as pycocoevalcap's `Cider()` computes it. Document frequencies come from the references of the
 * images scored together (so a score depends on the whole set, and one image alone scores 0); each order's
 * TF-IDF cosine is clipped (a candidate n-gram counts at most as often as in the reference), damped by
 * exp(-Δ²/2σ²) with Δ the difference in length, averaged over orders and references, and multiplied by 10.
 * Sums run in the reference's order, so scores agree to the last bits.
 */
export function ciderD(options: CiderDOptions): CiderDResult {
  const maxOrder = options.maxOrder ?? 4;
  const sigma = options.sigma ?? 6;
  checkCaptionExamples('cider-d', options.examples);
  // Sentence indices: the candidates first, then every image's references.
  const sentences = options.examples.map((example) => example.candidate);
  const candidates = sentences.map((_, index) => index);
  const references = options.examples.map((example) => example.references.map((reference) => sentences.push(reference) - 1));
  const { ids, counts, starts, ngramCount } = new NgramTable(sentences, maxOrder);
  const sentenceCount = sentences.length;
  const stride = maxOrder + 1;

  // An n-gram's document frequency: the number of images whose references contain it.
  const documentFrequency = new Int32Array(ngramCount + 1);
  const lastImage = new Int32Array(ngramCount + 1).fill(-1);
  references.forEach((image, imageIndex) => {
    for (const sentence of image) {
      for (let entry = starts[sentence * stride]!; entry < starts[sentence * stride + maxOrder]!; entry++) {
        const id = ids[entry]!;
        if (lastImage[id] !== imageIndex) {
          lastImage[id] = imageIndex;
          documentFrequency[id]!++;
        }
      }
    }
  });
  const logImageCount = Math.log(options.examples.length);
  const logFrequency = new Float64Array(options.examples.length + 1).fill(Number.NaN);
  const idf = new Float64Array(ngramCount + 1);
  for (let id = 1; id <= ngramCount; id++) {
    const frequency = Math.max(1, documentFrequency[id]!);
    if (Number.isNaN(logFrequency[frequency]!)) logFrequency[frequency] = Math.log(frequency);
    idf[id] = logImageCount - logFrequency[frequency]!;
  }

  // Every sentence's TF-IDF weights (beside its ids), norms per order, and length. The reference counts a
  // sentence's length in bigrams (its n-gram index 1), not in words.
  const weights = new Float64Array(starts[sentenceCount * stride - 1]!);
  const norms = new Float64Array(sentenceCount * maxOrder);
  const lengths = new Int32Array(sentenceCount);
  for (let sentence = 0; sentence < sentenceCount; sentence++) {
    for (let order = 0; order < maxOrder; order++) {
      let squares = 0;
      for (let entry = starts[sentence * stride + order]!; entry < starts[sentence * stride + order + 1]!; entry++) {
        const weight = counts[entry]! * idf[ids[entry]!]!;
        weights[entry] = weight;
        squares += weight * weight;
        if (order === 1) lengths[sentence]! += counts[entry]!;
      }
      norms[sentence * maxOrder + order] = Math.sqrt(squares);
    }
  }

  const twoSigmaSquared = 2 * sigma ** 2;
  // A reference's weights by n-gram id while a candidate is compared with it; zero elsewhere.
  const referenceWeight = new Float64Array(ngramCount + 1);
  const sums = new Float64Array(maxOrder);
  const perImage = options.examples.map((example, imageIndex) => {
    const candidate = candidates[imageIndex]!;
    sums.fill(0);
    for (const reference of references[imageIndex]!) {
      const delta = lengths[candidate]! - lengths[reference]!;
      const penalty = Math.E ** (-(delta ** 2) / twoSigmaSquared);
      for (let order = 0; order < maxOrder; order++) {
        const referenceStart = starts[reference * stride + order]!;
        const referenceEnd = starts[reference * stride + order + 1]!;
        for (let entry = referenceStart; entry < referenceEnd; entry++) referenceWeight[ids[entry]!] = weights[entry]!;
        let value = 0;
        for (let entry = starts[candidate * stride + order]!; entry < starts[candidate * stride + order + 1]!; entry++) {
          const weight = referenceWeight[ids[entry]!]!;
          value += Math.min(weights[entry]!, weight) * weight;
        }
        for (let entry = referenceStart; entry < referenceEnd; entry++) referenceWeight[ids[entry]!] = 0;
        const candidateNorm = norms[candidate * maxOrder + order]!;
        const referenceNorm = norms[reference * maxOrder + order]!;
        if (candidateNorm !== 0 && referenceNorm !== 0) value /= candidateNorm * referenceNorm;
        sums[order]! += value * penalty;
      }
    }
    const score = (numpyMean(sums) / example.references.length) * 10;
    return { id: example.id, score };
  });
  return { score: numpyMean(perImage.map((image) => image.score)), perImage };
}
