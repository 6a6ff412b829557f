import { Command, Option } from 'commander';
import { formatIssue } from '@vift/schema';
import { validateDatasetFile, type ValidateDatasetFileSummary } from '@vift/formats/node';
import {
  megabytesToBytes,
  parseContainerOption,
  parseFormatOption,
  parsePositiveNumber,
  progressEnabled,
} from '../cli-options.js';
import { createProgress, formatBytes, formatCount } from '../progress.js';

type ValidateOptions = {
  from?: ReturnType<typeof parseFormatOption>;
  fromContainer?: 'json' | 'jsonl';
  imageRoot?: string;
  examples: number;
  maxRecordMb?: number;
  json?: boolean;
  quiet?: boolean;
};

export function validateCommand(): Command {
  return new Command('validate')
    .description('check every record of a dataset file and report the issues grouped by code (exit 1 when any record is invalid)')
    .argument('<file>', 'a dataset file: LLaVA JSON or JSONL, LLaMA-Factory ShareGPT, TRL or OpenAI messages')
    .option('--from <format>', 'the input format, detected from the first records by default', parseFormatOption)
    .addOption(new Option('--from-container <container>', 'json (one array) or jsonl (one record per line); by default from the extension and the first bytes').argParser(parseContainerOption))
    .option('--image-root <dir>', 'also check that every image path names a readable file under this folder')
    .option('--examples <n>', 'examples to show per issue code', parsePositiveNumber, 5)
    .option('--max-record-mb <mb>', 'records larger than this are reported as too large (default 64)', parsePositiveNumber)
    .option('--json', 'print the report as JSON on stdout')
    .option('-q, --quiet', 'no progress bar')
    .action(async (file: string, options: ValidateOptions) => {
      const progress = createProgress({ label: 'validate', enabled: progressEnabled(options.quiet) });
      let summary: ValidateDatasetFileSummary;
      try {
        summary = await validateDatasetFile(file, {
          format: options.from?.format,
          container: options.fromContainer ?? options.from?.container,
          imageRoot: options.imageRoot,
          examplesPerCode: options.examples,
          maxRecordBytes: megabytesToBytes(options.maxRecordMb),
          onBytes: (read, total) => progress.update(read, total),
        });
      } finally {
        progress.done();
      }
      if (options.json === true) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else process.stdout.write(renderReport(summary));
      if (summary.invalid > 0) process.exitCode = 1;
    });
}

export function renderReport(summary: ValidateDatasetFileSummary): string {
  const rate = summary.seconds > 0 ? `, ${formatBytes(summary.bytes / summary.seconds)}/s` : '';
  const lines = [
    `${summary.file}: ${summary.format} (${summary.container === 'json' ? 'JSON array' : 'JSON Lines'}), ${formatBytes(summary.bytes)}, ${formatCount(summary.records)} records in ${summary.seconds.toFixed(1)} s${rate}`,
    `valid: ${formatCount(summary.valid)}  invalid: ${formatCount(summary.invalid)}`,
  ];
  for (const group of summary.byCode) {
    lines.push('', `${group.code}: ${formatCount(group.count)} (fix: ${group.fix})`);
    for (const example of group.examples) lines.push(`  ${formatIssue(example, { withFix: false })}`);
    if (group.count > group.examples.length) lines.push(`  … and ${formatCount(group.count - group.examples.length)} more`);
  }
  return `${lines.join('\n')}\n`;
}
