/** What a dataset card says about a Parquet dataset vift wrote. */
export type DatasetCardInfo = {
  name: string;
  layout: string;
  features: Record<string, unknown>;
  files: readonly string[];
  rows: number;
  bytes: number;
  compression: string;
};

/**
 * The `README.md` of a Parquet dataset: YAML front matter in the form the Hugging Face Hub reads (the
 * data files and the features), then a short description of the columns.
 */
export function datasetCard(info: DatasetCardInfo): string {
  const yaml = [
    '---',
    'configs:',
    '- config_name: default',
    '  data_files:',
    '  - split: train',
    '    path: train-*.parquet',
    'dataset_info:',
    '  features:',
    ...Object.entries(info.features).flatMap(([name, feature]) => featureYaml(name, feature, '  ')),
    '  splits:',
    '  - name: train',
    `    num_examples: ${info.rows}`,
    `    num_bytes: ${info.bytes}`,
    '---',
  ];
  const columns = Object.keys(info.features)
    .map((name) => `- \`${name}\`: ${describeFeature(info.features[name])}`)
    .join('\n');
  const body = [
    `# ${info.name}`,
    '',
    `Visual instruction tuning data in the ${info.layout} layout: ${info.rows.toLocaleString('en-US')} rows in ${info.files.length} Parquet file(s), ${info.compression} compressed.`,
    '',
    'Columns:',
    '',
    columns,
    '',
    'Load it with `datasets.load_dataset("parquet", data_files="train-*.parquet")`; images decode as `Image` features.',
    '',
  ];
  return `${yaml.join('\n')}\n\n${body.join('\n')}`;
}

function featureYaml(name: string, feature: unknown, indent: string): string[] {
  const head = `${indent}- name: ${name}`;
  if (Array.isArray(feature)) {
    const [item] = feature;
    if (isValue(item)) return [head, `${indent}  sequence: ${leafType(item)}`];
    return [head, `${indent}  list:`, ...Object.entries(item as object).flatMap(([child, value]) => featureYaml(child, value, `${indent}  `))];
  }
  if (isValue(feature)) return [head, `${indent}  dtype: ${leafType(feature)}`];
  return [head, `${indent}  struct:`, ...Object.entries(feature as object).flatMap(([child, value]) => featureYaml(child, value, `${indent}  `))];
}

function isValue(feature: unknown): feature is { _type: string; dtype?: string } {
  return typeof feature === 'object' && feature !== null && '_type' in feature;
}

function leafType(feature: { _type: string; dtype?: string }): string {
  return feature._type === 'Image' ? 'image' : (feature.dtype ?? 'string');
}

function describeFeature(feature: unknown): string {
  if (Array.isArray(feature)) return `list of ${describeFeature(feature[0])}`;
  if (isValue(feature)) return feature._type === 'Image' ? 'image' : (feature.dtype ?? 'string');
  return `struct (${Object.keys(feature as object).join(', ')})`;
}
