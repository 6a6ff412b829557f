import { emptyChart, escapeHtml, formatNumber, openSvg } from './svg.js';

export type Segment = { label: string; value: number; className: string };

const WIDTH = 720;

/** One bar split into the segments' shares of their total, with a legend beneath. */
export function stackedBar(options: { segments: readonly Segment[]; label: string; className: string }): string {
  const total = options.segments.reduce((sum, segment) => sum + segment.value, 0);
  if (total === 0) return emptyChart(options);
  let svg = openSvg({ width: WIDTH, height: 74, label: options.label, className: options.className });
  let x = 0;
  let legendX = 0;
  for (const segment of options.segments) {
    const width = (segment.value / total) * WIDTH;
    const percent = `${formatNumber((segment.value / total) * 100)} %`;
    const label = escapeHtml(segment.label);
    svg += `<g><title>${label}: ${segment.value} (${percent})</title><rect x="${x.toFixed(1)}" y="4" width="${width.toFixed(1)}" height="28" class="${segment.className}"/></g>`;
    svg += `<rect x="${legendX}" y="46" width="12" height="12" class="${segment.className}"/><text x="${legendX + 18}" y="56">${label} ${percent}</text>`;
    x += width;
    legendX += 240;
  }
  return `${svg}</svg>`;
}
