export type YamlScalar = string | number | boolean | null;

/**
 * A flat YAML mapping, one `key: value` a line, in the order given; section comments as `### name`. Strings
 * are written plain when PyYAML reads them back as the same string, else double-quoted (JSON escapes are
 * valid there). Numbers are written so that PyYAML reads a float as a float: it takes `2e-05` for a string,
 * so an exponent always gets a mantissa with a point and a signed exponent (`2.0e-07`).
 */
export function yamlText(sections: ReadonlyArray<{ title: string; entries: ReadonlyArray<readonly [string, YamlScalar | undefined]> }>): string {
  const lines: string[] = [];
  for (const section of sections) {
    const entries = section.entries.filter((entry): entry is readonly [string, YamlScalar] => entry[1] !== undefined);
    if (entries.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(`### ${section.title}`);
    for (const [key, value] of entries) lines.push(`${key}: ${yamlScalar(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

const plainString = /^[A-Za-z_/.][\w./@+-]*$/;
// Words YAML 1.1 (PyYAML) reads as booleans or null.
const specialWords = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

export function yamlScalar(value: YamlScalar): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return yamlNumber(value);
  return plainString.test(value) && !specialWords.test(value) ? value : JSON.stringify(value);
}

function yamlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} as a YAML number`);
  const text = String(value);
  const exponent = /^(-?\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (exponent === null) return text;
  return `${exponent[1]}.${exponent[2] ?? '0'}e${exponent[3]}`;
}
