import { emptyChart, escapeHtml, formatCompact, niceTicks, openSvg } from './svg.js';

export type Column = { label: string; value: number };

const WIDTH = 720;
const HEIGHT = 260;
const LEFT = 56;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 46;

/** Vertical columns over categories (a histogram), with a value axis and axis titles. */
export function columnChart(options: { columns: readonly Column[]; label: string; className: string; xTitle: string; yTitle: string }): string {
  const { columns } = options;
  if (columns.length === 0) return emptyChart(options);
  const ticks = niceTicks(Math.max(...columns.map((column) => column.value)));
  const top = ticks[ticks.length - 1]!;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / columns.length;
  const barWidth = Math.max(1, slot * 0.8);
  // Label every column while they fit, else every k-th.
  const labelEvery = Math.max(1, Math.ceil(columns.length / 30));
  let svg = openSvg({ width: WIDTH, height: HEIGHT, label: options.label, className: options.className });
  for (const tick of ticks) {
    const y = TOP + plotHeight - (tick / top) * plotHeight;
    svg += `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="grid"/>`;
    svg += `<text x="${LEFT - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" class="axis">${formatCompact(tick)}</text>`;
  }
  columns.forEach((column, index) => {
    const height = (column.value / top) * plotHeight;
    const x = LEFT + index * slot + (slot - barWidth) / 2;
    const label = escapeHtml(column.label);
    svg += `<g><title>${escapeHtml(options.xTitle)} ${label}: ${column.value}</title>`;
    svg += `<rect x="${x.toFixed(1)}" y="${(TOP + plotHeight - height).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" class="bar"/>`;
    if (index % labelEvery === 0) svg += `<text x="${(x + barWidth / 2).toFixed(1)}" y="${TOP + plotHeight + 16}" text-anchor="middle" class="axis">${label}</text>`;
    svg += '</g>';
  });
  svg += `<text x="${LEFT + plotWidth / 2}" y="${HEIGHT - 6}" text-anchor="middle" class="axis-title">${escapeHtml(options.xTitle)}</text>`;
  svg += `<text x="14" y="${TOP + plotHeight / 2}" text-anchor="middle" class="axis-title" transform="rotate(-90 14 ${TOP + plotHeight / 2})">${escapeHtml(options.yTitle)}</text>`;
  return `${svg}</svg>`;
}
