import { Command, Option } from 'commander';
import { IssueReport, formatIssue, type IssueReportSummary } from '@vift/schema';
import {
  megabytesToBytes,
  parseContainerOption,
  parseFormatOption,
  parsePositiveNumber,
  progressEnabled,
} from '../cli-options.js';
import { openInput } from '../convert/open-input.js';
import { inputKind, type DatasetKind } from '../dataset-kind.js';
import { createProgress, formatBytes, formatCount } from '../progress.js';

type ValidateOptions = {
  from?: DatasetKind;
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
    .argument('<file>', 'a dataset: LLaVA JSON or JSONL, LLaMA-Factory ShareGPT, TRL or OpenAI messages, a Parquet file or folder of shards')
    .option('--from <format>', 'the input format, detected from the first records by default', parseFormatOption)
    .addOption(new Option('--from-container <container>', 'json (one array) or jsonl (one record per line); by default from the extension and the first bytes').argParser(parseContainerOption))
    .option('--image-root <dir>', 'also check that every image path names a readable file under this folder')
    .option('--examples <n>', 'examples to show per issue code', parsePositiveNumber, 5)
    .option('--max-record-mb <mb>', 'records larger than this are reported as too large (default 64)', parsePositiveNumber)
    .option('--json', 'print the report as JSON on stdout')
    .option('-q, --quiet', 'no progress bar')
    .action(async (file: string, options: ValidateOptions) => {
      const progress = createProgress({ label: 'validate', enabled: progressEnabled(options.quiet) });
      let summary: ValidateSummary;
      try {
        const started = performance.now();
        const source = await openInput({
          path: file,
          kind: await inputKind(file, options.from),
          container: options.fromContainer,
          imageRoot: options.imageRoot,
          maxRecordBytes: megabytesToBytes(options.maxRecordMb),
          onBytes: (read, total) => progress.update(read, total),
        });
        const report = new IssueReport(options.examples);
        for await (const entry of source.entries) report.add(entry.issues);
        summary = { file, format: source.formatName, container: source.container, bytes: source.size, seconds: (performance.now() - started) / 1000, ...report.summary() };
      } finally {
        progress.done();
      }
      if (options.json === true) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else process.stdout.write(renderReport(summary));
      if (summary.invalid > 0) process.exitCode = 1;
    });
}

export type ValidateSummary = IssueReportSummary & { file: string; format: string; container: string | undefined; bytes: number; seconds: number };

export function renderReport(summary: ValidateSummary): string {
  const rate = summary.seconds > 0 ? `, ${formatBytes(summary.bytes / summary.seconds)}/s` : '';
  const lines = [
    `${summary.file}: ${summary.format}${summary.container === undefined ? '' : summary.container === 'json' ? ' (JSON array)' : ' (JSON Lines)'}, ${formatBytes(summary.bytes)}, ${formatCount(summary.records)} records in ${summary.seconds.toFixed(1)} s${rate}`,
    `valid: ${formatCount(summary.valid)}  invalid: ${formatCount(summary.invalid)}`,
  ];
  for (const group of summary.byCode) {
    lines.push('', `${group.code}: ${formatCount(group.count)} (fix: ${group.fix})`);
    for (const example of group.examples) lines.push(`  ${formatIssue(example, { withFix: false })}`);
    if (group.count > group.examples.length) lines.push(`  … and ${formatCount(group.count - group.examples.length)} more`);
  }
  return `${lines.join('\n')}\n`;
}
