/**
 * Serializes a JSON value the way Python's json.dumps does, since the LLaVA files are written by Python:
 * separators ", " and ": " without indent, "," and newlines with indent, and optionally ensure_ascii
 * (every character outside printable ASCII written as \uXXXX, surrogate pairs as two escapes).
 */
export function formatPythonJson(value, { indent = 0, ensureAscii = false, level = 0 } = {}) {
  if (typeof value === 'string') return formatString(value, ensureAscii);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const isArray = Array.isArray(value);
  const keys = isArray ? undefined : Object.keys(value);
  const count = isArray ? value.length : keys.length;
  if (count === 0) return isArray ? '[]' : '{}';
  const inner = { indent, ensureAscii, level: level + 1 };
  const items = new Array(count);
  for (let i = 0; i < count; i++) {
    items[i] = isArray
      ? formatPythonJson(value[i], inner)
      : `${formatString(keys[i], ensureAscii)}: ${formatPythonJson(value[keys[i]], inner)}`;
  }
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (indent === 0) return `${open}${items.join(', ')}${close}`;
  const innerPad = `\n${' '.repeat(indent * (level + 1))}`;
  return `${open}${innerPad}${items.join(`,${innerPad}`)}\n${' '.repeat(indent * level)}${close}`;
}

const nonAscii = /[^\x20-\x7e]/g;

function formatString(text, ensureAscii) {
  const quoted = JSON.stringify(text);
  if (!ensureAscii) return quoted;
  return quoted.replace(nonAscii, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
