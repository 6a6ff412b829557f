import type { LengthSummary } from '../dataset-statistics.js';
import { emptyChart, formatNumber, niceTicks, openSvg } from './svg.js';

const WIDTH = 720;
const HEIGHT = 280;
const LEFT = 56;
const RIGHT = 12;
const TOP = 28;
const BOTTOM = 46;

/**
 * Answer length by turn position: a column for the mean and lines through the median (p50) and the
 * 90th percentile, so a dataset whose answers shrink after the first turn shows it at a glance.
 */
export function lengthChart(options: { positions: readonly (LengthSummary & { position: number })[]; label: string; className: string }): string {
  const { positions } = options;
  if (positions.length === 0) return emptyChart(options);
  const ticks = niceTicks(Math.max(...positions.map((entry) => Math.max(entry.p90, entry.mean))));
  const top = ticks[ticks.length - 1]!;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / positions.length;
  const barWidth = Math.max(1, slot * 0.6);
  const yOf = (value: number) => (TOP + plotHeight - (value / top) * plotHeight).toFixed(1);
  const xOf = (index: number) => (LEFT + index * slot + slot / 2).toFixed(1);
  const labelEvery = Math.max(1, Math.ceil(positions.length / 30));
  let svg = openSvg({ width: WIDTH, height: HEIGHT, label: options.label, className: options.className });
  for (const tick of ticks) {
    svg += `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${yOf(tick)}" y2="${yOf(tick)}" class="grid"/>`;
    svg += `<text x="${LEFT - 6}" y="${(Number(yOf(tick)) + 4).toFixed(1)}" text-anchor="end" class="axis">${tick}</text>`;
  }
  positions.forEach((entry, index) => {
    const x = LEFT + index * slot + (slot - barWidth) / 2;
    svg +=
      `<g><title>answer ${entry.position}: ${entry.count} answers, mean ${formatNumber(entry.mean)}, p50 ${entry.p50}, p90 ${entry.p90} words</title>` +
      `<rect x="${x.toFixed(1)}" y="${yOf(entry.mean)}" width="${barWidth.toFixed(1)}" height="${((entry.mean / top) * plotHeight).toFixed(1)}" class="bar"/>`;
    if (index % labelEvery === 0) svg += `<text x="${xOf(index)}" y="${TOP + plotHeight + 16}" text-anchor="middle" class="axis">${entry.position}</text>`;
    svg += '</g>';
  });
  for (const [key, className] of [['p50', 'line-p50'], ['p90', 'line-p90']] as const) {
    const points = positions.map((entry, index) => `${xOf(index)},${yOf(entry[key])}`).join(' ');
    svg += `<polyline points="${points}" class="${className}" fill="none"/>`;
    svg += positions.map((entry, index) => `<circle cx="${xOf(index)}" cy="${yOf(entry[key])}" r="3" class="${className}"/>`).join('');
  }
  svg +=
    `<g class="legend"><rect x="${LEFT}" y="6" width="12" height="12" class="bar"/><text x="${LEFT + 18}" y="16">mean</text>` +
    `<line x1="${LEFT + 70}" x2="${LEFT + 90}" y1="12" y2="12" class="line-p50"/><text x="${LEFT + 96}" y="16">median (p50)</text>` +
    `<line x1="${LEFT + 200}" x2="${LEFT + 220}" y1="12" y2="12" class="line-p90"/><text x="${LEFT + 226}" y="16">p90</text></g>`;
  svg += `<text x="${LEFT + plotWidth / 2}" y="${HEIGHT - 6}" text-anchor="middle" class="axis-title">assistant turn position</text>`;
  svg += `<text x="14" y="${TOP + plotHeight / 2}" text-anchor="middle" class="axis-title" transform="rotate(-90 14 ${TOP + plotHeight / 2})">words</text>`;
  return `${svg}</svg>`;
}
