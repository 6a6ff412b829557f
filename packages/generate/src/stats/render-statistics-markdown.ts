import type { DatasetStatistics } from './dataset-statistics.js';
import { formatCount, formatNumber } from './charts/svg.js';

/** Text for a Markdown table cell: pipes and line breaks would end the cell, and `<` could open raw HTML. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A short Markdown summary: totals, the source mix, answer styles and instruction diversity (for a dataset card or a terminal). */
export function renderStatisticsMarkdown(statistics: DatasetStatistics, options: { title?: string } = {}): string {
  const { totals, instructions, answerStyles } = statistics;
  const assistant = answerStyles.short + answerStyles.sentence + answerStyles.paragraph;
  const share = (value: number) => (assistant === 0 ? '0 %' : `${formatNumber((value / assistant) * 100)} %`);
  const lines = [
    `## ${cell(options.title ?? 'Dataset statistics')}`,
    '',
    `${formatCount(totals.samples)} samples, ${formatCount(totals.turns)} turns, ${formatCount(totals.cocoImages)} COCO images, ` +
      `about ${formatCount(totals.estimatedTokens)} tokens (${statistics.tokenEstimate}).`,
    '',
    '| source | samples | turns | COCO images | est. tokens |',
    '|---|---:|---:|---:|---:|',
    ...statistics.sources.map((source) => `| ${cell(source.name)} | ${formatCount(source.samples)} | ${formatCount(source.turns)} | ${formatCount(source.images)} | ${formatCount(source.estimatedTokens)} |`),
    '',
    `Answers: ${share(answerStyles.short)} short (≤ 3 words), ${share(answerStyles.sentence)} sentence, ${share(answerStyles.paragraph)} paragraph (≥ 40 words); ` +
      `mean ${formatNumber(statistics.answerLength.overall.mean)} words, p90 ${statistics.answerLength.overall.p90}.`,
    '',
    `Instructions: ${formatCount(instructions.templates.distinct)} templates, distinct-1 ${formatNumber(instructions.distinct1, 4)}, ` +
      `distinct-2 ${formatNumber(instructions.distinct2, 4)}${instructions.exact ? '' : ' (estimated)'}.`,
    '',
  ];
  return lines.join('\n');
}
