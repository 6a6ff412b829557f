import { pythonStrip } from './python-text.js';

// Python's float() grammar: optional sign, digits with an optional point and exponent, or inf/infinity/nan;
// surrounding whitespace allowed, underscores only between digits.
const digits = '\\d(?:_?\\d)*';
const decimal = `(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?`;
const floatSyntax = new RegExp(`^[+-]?(?:${decimal}|inf(?:inity)?|nan)$`, 'i');

/** `float(text)` as Python parses it, or `undefined` where Python raises ValueError. */
export function pythonFloat(text: string): number | undefined {
  const stripped = pythonStrip(text);
  if (!floatSyntax.test(stripped)) return undefined;
  const body = stripped.replace(/_/g, '').toLowerCase();
  const sign = body.startsWith('-') ? -1 : 1;
  const unsigned = body.replace(/^[+-]/, '');
  if (unsigned === 'nan') return Number.NaN;
  if (unsigned === 'inf' || unsigned === 'infinity') return sign * Number.POSITIVE_INFINITY;
  return Number(body);
}

/**
 * `round(value, places)` as Python computes it: the decimal nearest to the exact binary value, ties (which
 * only exact binary fractions such as 0.125 can be) to the even digit. `toFixed` alone sends ties up.
 */
export function pythonRound(value: number, places: number): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  const expanded = magnitude.toFixed(Math.min(100, places + 60));
  const point = expanded.indexOf('.');
  const beyond = expanded.slice(point + 1 + places);
  const exactTie = /^50*$/.test(beyond);
  let rounded: number;
  if (exactTie) {
    const kept = expanded.slice(0, point + 1 + places);
    const lastDigit = Number(kept.replace('.', '').slice(-1));
    rounded = lastDigit % 2 === 0 ? Number(kept) : Number(magnitude.toFixed(places));
  } else {
    rounded = Number(magnitude.toFixed(places));
  }
  return value < 0 || Object.is(value, -0) ? -rounded : rounded;
}

/** `np.round(value, places)`: scale, round half to even, scale back (not always Python's answer). */
export function numpyRound(value: number, places: number): number {
  const scale = 10 ** places;
  const scaled = value * scale;
  const floor = Math.floor(scaled);
  const difference = scaled - floor;
  const even = difference > 0.5 || (difference === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return even / scale;
}
