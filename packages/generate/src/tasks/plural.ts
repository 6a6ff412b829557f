const irregular: Readonly<Record<string, string>> = { person: 'people', mouse: 'mice', knife: 'knives', sheep: 'sheep', skis: 'skis', scissors: 'scissors' };

/** English plural of a COCO category name ("wine glass" → "wine glasses", "person" → "people"). */
export function plural(category: string): string {
  const words = category.split(' ');
  const last = words.pop() ?? '';
  const pluralLast = irregular[last] ?? (/(s|sh|ch|x|z)$/.test(last) ? `${last}es` : `${last}s`);
  return [...words, pluralLast].join(' ');
}
