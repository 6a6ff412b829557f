import { Command } from 'commander';
import { inspectParquet, type ParquetFileInspection } from '@vift/parquet/node';
import { formatBytes, formatCount } from '../progress.js';

export function inspectCommand(): Command {
  return new Command('inspect')
    .description('show what a Parquet dataset holds: schema, row groups, rows, compression, features and sizes')
    .argument('<parquet>', 'a .parquet file or a folder of shards')
    .option('--json', 'print the inspection as JSON on stdout')
    .action(async (path: string, options: { json?: boolean }) => {
      const inspections = await inspectParquet(path);
      process.stdout.write(options.json === true ? `${JSON.stringify(inspections, null, 2)}\n` : inspections.map(renderInspection).join('\n'));
    });
}

function renderInspection(inspection: ParquetFileInspection): string {
  const groups = inspection.rowGroups;
  const lines = [
    `${inspection.file}: ${formatCount(inspection.rows)} rows, ${formatBytes(inspection.bytes)}, ${groups.length} row group(s), ${inspection.codecs.join(', ') || 'no data'}`,
    `created by: ${inspection.createdBy ?? 'unknown'}`,
    'schema:',
    ...inspection.schema.map((line) => `  ${line}`),
    'row groups:',
    ...groups.map((group, index) => `  ${index}: ${formatCount(group.rows)} rows, ${formatBytes(group.compressedBytes)}`),
    `features: ${inspection.features === undefined ? 'none (no "huggingface" metadata)' : JSON.stringify(inspection.features)}`,
  ];
  if (inspection.metadataKeys.length > 0) lines.push(`metadata keys: ${inspection.metadataKeys.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
