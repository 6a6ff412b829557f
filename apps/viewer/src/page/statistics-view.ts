import type { StatisticsView } from '../shared/api-types.js';
import { columns, heatMap, horizontalBars, lengthByPosition } from './charts.js';
import { fill, formatCount, h } from './dom.js';

/** The statistics tab: totals, then the four charts (and the tasks beside the sources). */
export function renderStatistics(container: HTMLElement, view: StatisticsView): void {
  const { statistics, progress } = view;
  const totals = statistics.totals;
  const partial = progress.complete ? undefined : h('p', { class: 'partial' }, `Counting: ${formatCount(progress.indexed)} records so far; the charts grow as the dataset is read.`);
  const summary = h(
    'p',
    { class: 'totals' },
    `${formatCount(totals.samples)} samples, ${formatCount(totals.turns)} turns (${formatCount(totals.assistantTurns)} answers), ${formatCount(totals.images)} images on ${formatCount(totals.cocoImages)} COCO images, about ${formatCount(totals.estimatedTokens)} tokens.`,
  );
  fill(
    container,
    partial,
    summary,
    horizontalBars(
      'source-mix',
      'Source mix: turns per source dataset',
      statistics.sources.map((group) => ({ label: group.name, value: group.turns, detail: `${formatCount(group.samples)} samples, ${formatCount(group.images)} COCO images` })),
      'turns',
    ),
    horizontalBars('task-mix', 'Turns per task', statistics.tasks.map((group) => ({ label: group.name, value: group.turns, detail: `${formatCount(group.samples)} samples` })), 'turns'),
    columns('turns-per-sample', 'Turns per sample', statistics.turnsPerSample.map((entry) => ({ label: String(entry.turns), value: entry.samples })), { x: 'turns in the sample', y: 'samples' }),
    lengthByPosition('answer-length', 'Answer length by turn position (words)', statistics.answerLength.byPosition),
    heatMap('image-overlap', 'Image overlap between sources', statistics.imageOverlap.datasets, statistics.imageOverlap.counts),
  );
}
