import type { Provenance, Sample } from '@vift/schema';
import { estimateTokens } from '../compose/estimate-tokens.js';
import type { Hash64 } from '../operators/hash-string-64.js';
import { checkInteger } from '../operators/pipeline-option-error.js';
import {
  STATISTICS_FORMAT,
  TOKEN_ESTIMATE,
  UNKNOWN_SOURCE,
  type AnswerStyleCounts,
  type DatasetStatistics,
  type GroupStatistics,
} from './dataset-statistics.js';
import { DistinctCounter } from './distinct-counter.js';
import { LengthHistogram } from './length-histogram.js';
import { answerStyle, countWords, instructionWords } from './text-measures.js';
import { WordHashes } from './word-hashes.js';

export type StatisticsCollectorOptions = {
  /**
   * Distinct unigrams and bigrams are counted exactly up to this many each (default 1 048 576, about
   * 32 MB each at most), then estimated (`instructions.exact` turns false).
   */
  exactDistinctLimit?: number;
};

export type StatisticsCollector = {
  /** Counts one sample. */
  add(sample: Sample): void;
  /** The statistics of the samples added so far; adding more afterwards is allowed. */
  result(): DatasetStatistics;
};

class Group {
  samples = 0;
  turns = 0;
  estimatedTokens = 0;
  readonly answerStyles: AnswerStyleCounts = { short: 0, sentence: 0, paragraph: 0 };
  readonly cocoIds = new Set<number>();

  constructor(readonly name: string) {}

  toJson(): GroupStatistics {
    return { name: this.name, samples: this.samples, turns: this.turns, images: this.cocoIds.size, estimatedTokens: this.estimatedTokens, answerStyles: { ...this.answerStyles } };
  }
}

/**
 * Statistics gathered one sample at a time, for streams too large to hold. Memory is bounded apart from
 * the COCO id sets (one per source dataset and task, needed for image counts and the overlap matrix)
 * and the distinct n-gram sets up to `exactDistinctLimit`.
 */
export function createStatisticsCollector(options: StatisticsCollectorOptions = {}): StatisticsCollector {
  const exactDistinctLimit = checkInteger('createStatisticsCollector', 'exactDistinctLimit', options.exactDistinctLimit ?? 1 << 20, 0);
  const totals = { samples: 0, turns: 0, systemTurns: 0, userTurns: 0, assistantTurns: 0, images: 0, imagesWithoutCocoId: 0, estimatedTokens: 0 };
  const cocoImages = new Set<number>();
  const sources = new Map<string, Group>();
  const tasks = new Map<string, Group>();
  const templates = new Map<string, number>();
  const unigrams = new DistinctCounter(exactDistinctLimit);
  const bigrams = new DistinctCounter(exactDistinctLimit);
  const wordHashes = new WordHashes();
  let unigramTotal = 0;
  let bigramTotal = 0;
  const overallLength = new LengthHistogram();
  const lengthByPosition: LengthHistogram[] = [];
  const turnsPerSample = new Map<number, number>();
  const answerStyles: AnswerStyleCounts = { short: 0, sentence: 0, paragraph: 0 };

  const groupOf = (groups: Map<string, Group>, name: string): Group => {
    let group = groups.get(name);
    if (group === undefined) groups.set(name, (group = new Group(name)));
    return group;
  };

  function countInstruction(text: string, provenance: Provenance | undefined): void {
    const template = provenance?.template;
    if (template !== undefined) templates.set(template, (templates.get(template) ?? 0) + 1);
    const words = instructionWords(text);
    let previous: Hash64 | undefined;
    for (const word of words) {
      const hash = wordHashes.word(word);
      unigrams.add(hash);
      if (previous !== undefined) bigrams.add(wordHashes.pair(previous, hash));
      previous = hash;
    }
    unigramTotal += words.length;
    bigramTotal += Math.max(0, words.length - 1);
  }

  function add(sample: Sample): void {
    totals.samples++;
    totals.turns += sample.turns.length;
    turnsPerSample.set(sample.turns.length, (turnsPerSample.get(sample.turns.length) ?? 0) + 1);
    const sampleCocoIds: number[] = [];
    for (const image of sample.images) {
      totals.images++;
      if (image.cocoId === undefined) totals.imagesWithoutCocoId++;
      else {
        sampleCocoIds.push(image.cocoId);
        cocoImages.add(image.cocoId);
      }
    }
    const touched = new Set<Group>();
    let userProvenance: Provenance | undefined;
    let position = 0;
    for (const turn of sample.turns) {
      const provenance = turn.source ?? (turn.role === 'assistant' ? userProvenance : undefined) ?? sample.source;
      const source = groupOf(sources, provenance?.dataset ?? UNKNOWN_SOURCE);
      const task = groupOf(tasks, provenance?.task ?? UNKNOWN_SOURCE);
      touched.add(source).add(task);
      const tokens = estimateTokens(turn.text);
      totals.estimatedTokens += tokens;
      for (const group of [source, task]) {
        group.turns++;
        group.estimatedTokens += tokens;
      }
      if (turn.role === 'system') totals.systemTurns++;
      else if (turn.role === 'user') {
        totals.userTurns++;
        userProvenance = provenance;
        countInstruction(turn.text, provenance);
      } else {
        totals.assistantTurns++;
        const words = countWords(turn.text);
        const style = answerStyle(words);
        answerStyles[style]++;
        source.answerStyles[style]++;
        task.answerStyles[style]++;
        overallLength.add(words);
        (lengthByPosition[position] ??= new LengthHistogram()).add(words);
        position++;
      }
    }
    // A sample without turns still belongs somewhere: to its own provenance.
    if (sample.turns.length === 0) {
      touched.add(groupOf(sources, sample.source?.dataset ?? UNKNOWN_SOURCE)).add(groupOf(tasks, sample.source?.task ?? UNKNOWN_SOURCE));
    }
    for (const group of touched) {
      group.samples++;
      for (const cocoId of sampleCocoIds) group.cocoIds.add(cocoId);
    }
  }

  function result(): DatasetStatistics {
    const sourceGroups = ordered(sources);
    const unigramDistinct = unigrams.count();
    const bigramDistinct = bigrams.count();
    return {
      format: STATISTICS_FORMAT,
      tokenEstimate: TOKEN_ESTIMATE,
      totals: { ...totals, cocoImages: cocoImages.size },
      sources: sourceGroups.map((group) => group.toJson()),
      tasks: ordered(tasks).map((group) => group.toJson()),
      imageOverlap: { datasets: sourceGroups.map((group) => group.name), counts: overlap(sourceGroups) },
      instructions: {
        turns: totals.userTurns,
        templates: {
          distinct: templates.size,
          uses: [...templates]
            .map(([template, turns]) => ({ template, turns }))
            .sort((left, right) => right.turns - left.turns || compareNames(left.template, right.template)),
        },
        distinct1: unigramTotal === 0 ? 0 : unigramDistinct / unigramTotal,
        distinct2: bigramTotal === 0 ? 0 : bigramDistinct / bigramTotal,
        unigrams: { total: unigramTotal, distinct: unigramDistinct },
        bigrams: { total: bigramTotal, distinct: bigramDistinct },
        exact: unigrams.exact && bigrams.exact,
      },
      answerLength: {
        overall: overallLength.summary(),
        byPosition: lengthByPosition.map((histogram, index) => ({ position: index + 1, ...histogram.summary() })),
      },
      turnsPerSample: [...turnsPerSample]
        .sort(([left], [right]) => left - right)
        .map(([turns, samples]) => ({ turns, samples })),
      answerStyles: { ...answerStyles },
    };
  }

  return { add, result };
}

/** Most turns first, then by name, so the output does not depend on the order samples arrived in. */
function ordered(groups: Map<string, Group>): Group[] {
  return [...groups.values()].sort((left, right) => right.turns - left.turns || compareNames(left.name, right.name));
}

function compareNames(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Shared COCO images for every pair, walking the smaller set of each pair. */
function overlap(groups: readonly Group[]): number[][] {
  const counts = groups.map(() => groups.map(() => 0));
  groups.forEach((first, row) => {
    counts[row]![row] = first.cocoIds.size;
    for (let column = row + 1; column < groups.length; column++) {
      const second = groups[column]!;
      const [smaller, larger] = first.cocoIds.size <= second.cocoIds.size ? [first.cocoIds, second.cocoIds] : [second.cocoIds, first.cocoIds];
      let shared = 0;
      for (const cocoId of smaller) if (larger.has(cocoId)) shared++;
      counts[row]![column] = shared;
      counts[column]![row] = shared;
    }
  });
  return counts;
}
