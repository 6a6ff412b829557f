import type { ProtocolName } from '../protocol/plan-dialogs.js';

export type ReportCell = { score: number; count: number };

/** A run's results in the layout of the paper's tables: one row per protocol, one column per category. */
export type EvaluationReport = {
  benchmark: string;
  model: string;
  /** The judge or metric that scored the turns. */
  scorer: string;
  protocols: ProtocolName[];
  /** Column order: the benchmark's categories in first-seen order, then `all`. */
  categories: string[];
  rows: Partial<Record<ProtocolName, Record<string, ReportCell>>>;
  /** Chat requests and tokens spent, by the model and by the judge. */
  usage?: Record<string, { requests: number; cachedReplies?: number; totalTokens?: number }>;
};

const protocolTitles: Record<ProtocolName, string> = { single: 'Single-round', chained: 'Multi-round (chained)', distractor: 'Multi-round (distractor)' };
const formatScore = (cell: ReportCell | undefined) => (cell === undefined ? '–' : Number.isNaN(cell.score) ? 'n/a' : cell.score.toFixed(1));

function tableRows(report: EvaluationReport): string[][] {
  const header = ['Protocol', ...report.categories];
  const rows = report.protocols.map((protocol) => [protocolTitles[protocol], ...report.categories.map((category) => formatScore(report.rows[protocol]?.[category]))]);
  return [header, ...rows];
}

/** The report as a Markdown table with a one-line heading. */
export function reportMarkdown(report: EvaluationReport): string {
  const [header, ...rows] = tableRows(report);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const counts = report.categories.map((category) => `${category} ${report.rows[report.protocols[0]!]?.[category]?.count ?? 0}`).join(', ');
  return [
    `## ${report.benchmark}: ${report.model}`,
    '',
    `Scored by ${report.scorer}; questions per column: ${counts}.`,
    '',
    line(header!),
    line(header!.map((_, index) => (index === 0 ? '---' : '---:'))),
    ...rows.map(line),
    '',
  ].join('\n');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The report as a standalone HTML page (no scripts, no external files). */
export function reportHtml(report: EvaluationReport): string {
  const [header, ...rows] = tableRows(report);
  const cells = (values: string[], tag: string) => values.map((value) => `<${tag}>${escapeHtml(value)}</${tag}>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`${report.benchmark}: ${report.model}`)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}td{text-align:right}td:first-child{text-align:left}</style>
</head><body>
<h1>${escapeHtml(report.benchmark)}</h1>
<p>Model <b>${escapeHtml(report.model)}</b>, scored by ${escapeHtml(report.scorer)}.</p>
<table><thead><tr>${cells(header!, 'th')}</tr></thead><tbody>
${rows.map((row) => `<tr>${cells(row, 'td')}</tr>`).join('\n')}
</tbody></table>
</body></html>
`;
}
