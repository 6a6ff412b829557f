// Python's idea of whitespace (str.split(), str.strip(), str.isspace()), which differs from JavaScript's \s:
// Python counts \x1c-\x1f and \x85 and not \ufeff. The reference scorers are Python, so their splits are.
const pythonWhitespace = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const whitespaceRun = new RegExp(`[${pythonWhitespace}]+`);
const edges = new RegExp(`^[${pythonWhitespace}]+|[${pythonWhitespace}]+$`, 'g');

/** `text.split()` as Python computes it: runs of whitespace separate, no empty items. */
export function pythonSplit(text: string): string[] {
  const words = text.split(whitespaceRun);
  if (words.length > 0 && words[0] === '') words.shift();
  if (words.length > 0 && words[words.length - 1] === '') words.pop();
  return words;
}

/** `text.strip()` as Python computes it. */
export function pythonStrip(text: string): string {
  return text.replace(edges, '');
}
