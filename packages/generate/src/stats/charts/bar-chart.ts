import { emptyChart, escapeHtml, openSvg, shorten } from './svg.js';

export type Bar = { label: string; value: number; text: string };

const WIDTH = 720;
const LABEL_WIDTH = 190;
const TEXT_WIDTH = 130;
const ROW = 24;

/** Horizontal bars, one row per label, longest first as given; each row shows `text` after its bar. */
export function barChart(options: { bars: readonly Bar[]; label: string; className: string }): string {
  const { bars } = options;
  if (bars.length === 0) return emptyChart(options);
  const max = Math.max(...bars.map((bar) => bar.value), 0);
  const area = WIDTH - LABEL_WIDTH - TEXT_WIDTH;
  const height = bars.length * ROW + 8;
  let svg = openSvg({ width: WIDTH, height, label: options.label, className: options.className });
  bars.forEach((bar, index) => {
    const y = 4 + index * ROW;
    const length = max === 0 ? 0 : Math.max(1, (bar.value / max) * area);
    const label = escapeHtml(bar.label);
    svg +=
      `<g><title>${label}: ${escapeHtml(bar.text)}</title>` +
      `<text x="${LABEL_WIDTH - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(shorten(bar.label, 26))}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${length.toFixed(1)}" height="${ROW - 6}" rx="2" class="bar"/>` +
      `<text x="${(LABEL_WIDTH + length + 6).toFixed(1)}" y="${y + 16}" class="value">${escapeHtml(bar.text)}</text></g>`;
  });
  return `${svg}</svg>`;
}
