/** The format tag written into statistics JSON, bumped when the shape changes. */
export const STATISTICS_FORMAT = 'vift-statistics/v1';

/** How `estimatedTokens` is computed: the same estimate the dialog composer caps dialogs with. */
export const TOKEN_ESTIMATE = 'ceil(characters / 4) per turn; text only, images not counted';

/**
 * The name used for turns whose provenance does not say (no `source` on the turn, the user turn before it
 * or the sample), and for a provenance without a `task`.
 */
export const UNKNOWN_SOURCE = '(unknown)';

/**
 * How an assistant answer is classed by its length in words (runs of non-whitespace characters):
 * `short` up to 3 words ("yes", "two dogs", "on the table"), `paragraph` 40 words or more, `sentence`
 * in between.
 */
export type AnswerStyleCounts = { short: number; sentence: number; paragraph: number };

/** Counts for one source dataset or one task. */
export type GroupStatistics = {
  /** The dataset (`source.dataset`) or task (`source.task`) name. */
  name: string;
  /** Samples with at least one turn from this group: a merged dialog counts for each of its groups. */
  samples: number;
  /** Turns attributed to the group. */
  turns: number;
  /** Distinct COCO images among those samples. */
  images: number;
  /** Estimated tokens of the group's turns (see `tokenEstimate`). */
  estimatedTokens: number;
  /** The group's assistant turns by answer length. */
  answerStyles: AnswerStyleCounts;
};

/** A distribution of word counts: exact mean and nearest-rank percentiles. */
export type LengthSummary = {
  count: number;
  /** 0 when `count` is 0. */
  mean: number;
  /** The smallest value with at least half of the values at or below it (nearest rank). */
  p50: number;
  /** The smallest value with at least 90 % of the values at or below it (nearest rank). */
  p90: number;
  max: number;
};

/**
 * Statistics of a dataset, computed in one pass (`computeStatistics`, `createStatisticsCollector`).
 * Plain JSON: `JSON.stringify` writes it whole and `JSON.parse` reads it back equal.
 *
 * Attribution: each turn belongs to its own `source`; an assistant turn without one to the user turn
 * before it; any other turn without one to the sample's `source`; failing all, to `(unknown)`.
 */
export type DatasetStatistics = {
  format: typeof STATISTICS_FORMAT;
  /** How `estimatedTokens` was computed. */
  tokenEstimate: string;
  totals: {
    samples: number;
    turns: number;
    systemTurns: number;
    userTurns: number;
    assistantTurns: number;
    /** Image references, counting an image each time a sample uses it. */
    images: number;
    /** Distinct COCO ids among the images. */
    cocoImages: number;
    /** Image references with no COCO id. */
    imagesWithoutCocoId: number;
    estimatedTokens: number;
  };
  /** Per source dataset, most turns first. */
  sources: GroupStatistics[];
  /** Per task, most turns first. */
  tasks: GroupStatistics[];
  /**
   * COCO images shared by each pair of source datasets: `counts[i][j]` images appear in samples with
   * turns from both `datasets[i]` and `datasets[j]`; the diagonal is each dataset's own image count.
   */
  imageOverlap: { datasets: string[]; counts: number[][] };
  /** Diversity of the user turns (the instructions). */
  instructions: {
    /** User turns seen. */
    turns: number;
    /** The templates named by user turns' provenance (`source.template`), most used first. */
    templates: { distinct: number; uses: { template: string; turns: number }[] };
    /**
     * Distinct n-grams over all n-grams of the user turns' words, for n = 1 and 2: words are the runs of
     * letters, marks and digits of the lower-cased text with `<image>` removed; bigrams do not cross turns.
     * 0 when there are none.
     */
    distinct1: number;
    distinct2: number;
    unigrams: { total: number; distinct: number };
    bigrams: { total: number; distinct: number };
    /**
     * False when a distinct count passed the collector's `exactDistinctLimit` and is a HyperLogLog
     * estimate (standard error about 0.8 %).
     */
    exact: boolean;
  };
  /** Assistant answers' length in words, overall and by position (1 = the first answer of a sample). */
  answerLength: { overall: LengthSummary; byPosition: (LengthSummary & { position: number })[] };
  /** How many samples have each number of turns (all roles), by ascending turn count. */
  turnsPerSample: { turns: number; samples: number }[];
  /** All assistant turns by answer length. */
  answerStyles: AnswerStyleCounts;
};
