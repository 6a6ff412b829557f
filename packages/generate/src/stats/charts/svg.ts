/** Escapes text for HTML and inline SVG, in element content and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234567 → "1,234,567". */
export function formatCount(value: number): string {
  return counts.format(value);
}

/** A count short enough for a chart cell: 950, 12.3k, 4.5M. */
export function formatCompact(value: number): string {
  if (value < 1000) return String(Math.round(value));
  if (value < 999_500) return `${trimZero((value / 1000).toFixed(value < 9_950 ? 1 : 0))}k`;
  return `${trimZero((value / 1_000_000).toFixed(value < 9_950_000 ? 1 : 0))}M`;
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** A number with at most `digits` decimals, trailing zeros dropped: 12.5, 0.333. */
export function formatNumber(value: number, digits = 1): string {
  return String(Number(value.toFixed(digits)));
}

/** A label cut to `length` characters with an ellipsis; the full text goes in a `<title>`. */
export function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** A step of 1, 2 or 5 × 10ᵏ that divides 0 … max into about `ticks` parts, and the ticks it gives. */
export function niceTicks(max: number, ticks = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const result: number[] = [];
  for (let tick = 0; tick < max + step; tick += step) {
    result.push(Number(tick.toPrecision(12)));
    if (tick >= max) break;
  }
  return result;
}

/** From a pale to a deep blue as `share` goes from 0 to 1: the one colour scale of the report. */
export function blueScale(share: number): string {
  const clamped = Math.min(1, Math.max(0, share));
  const pale = [239, 244, 251];
  const deep = [24, 72, 150];
  const channel = (index: number) => Math.round(pale[index]! + (deep[index]! - pale[index]!) * clamped);
  return `rgb(${channel(0)},${channel(1)},${channel(2)})`;
}

/** The opening of a chart's `<svg>`, sized by its view box and scaling down on narrow screens. */
export function openSvg(options: { width: number; height: number; label: string; className: string }): string {
  const label = escapeHtml(options.label);
  return (
    `<svg class="chart ${options.className}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${options.width} ${options.height}" ` +
    `width="${options.width}" height="${options.height}" role="img" aria-label="${label}"><title>${label}</title>`
  );
}

/** An empty chart that says so, so every chart slot still holds an `<svg>`. */
export function emptyChart(options: { label: string; className: string }): string {
  return `${openSvg({ width: 720, height: 60, ...options })}<text x="360" y="34" text-anchor="middle" class="muted">no data</text></svg>`;
}
