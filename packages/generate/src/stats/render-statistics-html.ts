import type { DatasetStatistics, GroupStatistics } from './dataset-statistics.js';
import { barChart } from './charts/bar-chart.js';
import { columnChart } from './charts/column-chart.js';
import { heatMap } from './charts/heat-map.js';
import { lengthChart } from './charts/length-chart.js';
import { stackedBar } from './charts/stacked-bar.js';
import { escapeHtml, formatCount, formatNumber } from './charts/svg.js';

export type RenderStatisticsOptions = {
  /** The page heading and title (default "Dataset statistics"). */
  title?: string;
};

const STYLE = `
:root{color-scheme:light;--ink:#1d2433;--muted:#5b6475;--line:#d9dee8;--bar:#2f6fbf;--p50:#d9822b;--p90:#a23b72}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f7f8fb}
main{max-width:1120px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 16px}h2{font-size:18px;margin:0 0 8px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:0 0 16px;overflow-x:auto}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px}
.card b{display:block;font-size:20px}.card span{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right}
th:first-child,td:first-child{text-align:left}th{color:var(--muted);font-weight:600}
p.note{color:var(--muted);font-size:12px;margin:8px 0 0}
svg.chart{display:block;max-width:100%;height:auto;font-size:12px;margin:8px 0}
svg text{fill:var(--ink)}svg .muted,svg .axis{fill:var(--muted)}svg .axis-title{fill:var(--muted);font-size:12px}
svg .bar{fill:var(--bar)}svg .grid{stroke:var(--line)}svg .value{fill:var(--muted)}
svg .line-p50{stroke:var(--p50);fill:var(--p50);stroke-width:2}svg .line-p90{stroke:var(--p90);fill:var(--p90);stroke-width:2}
svg polyline.line-p50,svg polyline.line-p90{fill:none}
svg .cell-light{fill:var(--ink)}svg .cell-dark{fill:#fff}
svg .style-short{fill:#9cc3ea}svg .style-sentence{fill:#2f6fbf}svg .style-paragraph{fill:#173f75}
`;

/**
 * The statistics as one self-contained HTML page: inline CSS and inline SVG charts (source mix, turns per
 * sample, answer length by turn position, image overlap, answer styles) and tables; no scripts, fonts or
 * links to fetch, so it opens offline and can be mailed. Every name from the data is escaped.
 */
export function renderStatisticsHtml(statistics: DatasetStatistics, options: RenderStatisticsOptions = {}): string {
  const title = escapeHtml(options.title ?? 'Dataset statistics');
  const { totals, instructions } = statistics;
  const cards: [string, string][] = [
    ['samples', formatCount(totals.samples)],
    ['turns', formatCount(totals.turns)],
    ['COCO images', formatCount(totals.cocoImages)],
    ['estimated tokens', formatCount(totals.estimatedTokens)],
    ['source datasets', formatCount(statistics.sources.length)],
    ['templates', formatCount(instructions.templates.distinct)],
    ['distinct-1', formatNumber(instructions.distinct1, 3)],
    ['distinct-2', formatNumber(instructions.distinct2, 3)],
  ];
  const sourceTurns = statistics.sources.reduce((sum, source) => sum + source.turns, 0);
  const percent = (value: number, total: number) => (total === 0 ? '0 %' : `${formatNumber((value / total) * 100)} %`);
  const styles = statistics.answerStyles;
  const parts = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${title}</title><style>${STYLE}</style></head><body><main>`,
    `<h1>${title}</h1>`,
    `<section class="cards">${cards.map(([label, value]) => `<div class="card"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`).join('')}</section>`,
    '<section><h2>Source mix</h2>',
    barChart({
      label: 'Turns per source dataset',
      className: 'source-mix',
      bars: statistics.sources.map((source) => ({ label: source.name, value: source.turns, text: `${formatCount(source.turns)} (${percent(source.turns, sourceTurns)})` })),
    }),
    groupTable(statistics.sources, 'source dataset'),
    '</section>',
    '<section><h2>Turns per sample</h2>',
    columnChart({ label: 'Histogram of turns per sample', className: 'turns-per-sample', xTitle: 'turns', yTitle: 'samples', columns: histogramColumns(statistics.turnsPerSample) }),
    '</section>',
    '<section><h2>Answer length by turn position</h2>',
    lengthChart({ label: 'Answer length in words by assistant turn position', className: 'answer-length', positions: statistics.answerLength.byPosition }),
    lengthTable(statistics),
    '</section>',
    '<section><h2>Image overlap between source datasets</h2>',
    heatMap({ label: 'COCO images shared by each pair of source datasets', className: 'image-overlap', names: statistics.imageOverlap.datasets, counts: statistics.imageOverlap.counts }),
    '<p class="note">Each cell counts the COCO images used by both datasets; the colour is the share of the smaller set\'s images, the diagonal each set\'s own count.</p>',
    '</section>',
    '<section><h2>Answer styles</h2>',
    stackedBar({
      label: 'Assistant answers by length: short, sentence, paragraph',
      className: 'answer-styles',
      segments: [
        { label: 'short (≤ 3 words)', value: styles.short, className: 'style-short' },
        { label: 'sentence', value: styles.sentence, className: 'style-sentence' },
        { label: 'paragraph (≥ 40 words)', value: styles.paragraph, className: 'style-paragraph' },
      ],
    }),
    '</section>',
    '<section><h2>Tasks</h2>',
    groupTable(statistics.tasks, 'task'),
    '</section>',
    '<section><h2>Instruction diversity</h2>',
    diversityTable(statistics),
    '</section>',
    `<p class="note">${escapeHtml(`${statistics.format}. Tokens are estimated: ${statistics.tokenEstimate}. A turn without a source counts for the user turn before it (assistant turns) or for its sample.`)}</p>`,
    '</main></body></html>',
  ];
  return `${parts.join('\n')}\n`;
}

function groupTable(groups: readonly GroupStatistics[], heading: string): string {
  const header = `<tr><th>${escapeHtml(heading)}</th><th>samples</th><th>turns</th><th>COCO images</th><th>est. tokens</th><th>short</th><th>sentence</th><th>paragraph</th></tr>`;
  const rows = groups.map(
    (group) =>
      `<tr><td>${escapeHtml(group.name)}</td><td>${formatCount(group.samples)}</td><td>${formatCount(group.turns)}</td><td>${formatCount(group.images)}</td>` +
      `<td>${formatCount(group.estimatedTokens)}</td><td>${formatCount(group.answerStyles.short)}</td><td>${formatCount(group.answerStyles.sentence)}</td><td>${formatCount(group.answerStyles.paragraph)}</td></tr>`,
  );
  return `<table><thead>${header}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function lengthTable(statistics: DatasetStatistics): string {
  const rows = [{ position: 'all', ...statistics.answerLength.overall }, ...statistics.answerLength.byPosition].map(
    (entry) => `<tr><td>${entry.position}</td><td>${formatCount(entry.count)}</td><td>${formatNumber(entry.mean)}</td><td>${entry.p50}</td><td>${entry.p90}</td><td>${entry.max}</td></tr>`,
  );
  return `<table><thead><tr><th>answer</th><th>answers</th><th>mean words</th><th>p50</th><th>p90</th><th>max</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function diversityTable(statistics: DatasetStatistics): string {
  const { instructions } = statistics;
  const estimated = instructions.exact ? '' : ' (estimated)';
  const rows = [
    ['user turns', formatCount(instructions.turns)],
    ['distinct templates', formatCount(instructions.templates.distinct)],
    [`distinct-1${estimated}`, `${formatNumber(instructions.distinct1, 4)} (${formatCount(instructions.unigrams.distinct)} of ${formatCount(instructions.unigrams.total)} words)`],
    [`distinct-2${estimated}`, `${formatNumber(instructions.distinct2, 4)} (${formatCount(instructions.bigrams.distinct)} of ${formatCount(instructions.bigrams.total)} bigrams)`],
  ];
  const table = `<table><tbody>${rows.map(([name, value]) => `<tr><td>${escapeHtml(name!)}</td><td>${escapeHtml(value!)}</td></tr>`).join('')}</tbody></table>`;
  const uses = instructions.templates.uses.slice(0, 30);
  if (uses.length === 0) return table;
  const more = instructions.templates.uses.length > uses.length ? `<p class="note">and ${instructions.templates.uses.length - uses.length} more templates</p>` : '';
  return `${table}<h2>Most used templates</h2><table><thead><tr><th>template</th><th>user turns</th></tr></thead><tbody>${uses
    .map((use) => `<tr><td>${escapeHtml(use.template)}</td><td>${formatCount(use.turns)}</td></tr>`)
    .join('')}</tbody></table>${more}`;
}

/** Turn counts as contiguous columns (empty ones included) while the range is small, else only those seen. */
function histogramColumns(entries: DatasetStatistics['turnsPerSample']): { label: string; value: number }[] {
  if (entries.length === 0) return [];
  const first = entries[0]!.turns;
  const last = entries[entries.length - 1]!.turns;
  if (last - first > 80) return entries.map((entry) => ({ label: String(entry.turns), value: entry.samples }));
  const byTurns = new Map(entries.map((entry) => [entry.turns, entry.samples]));
  return Array.from({ length: last - first + 1 }, (_, index) => ({ label: String(first + index), value: byTurns.get(first + index) ?? 0 }));
}
