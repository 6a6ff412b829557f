import { Command, Option } from 'commander';
import { createFormat } from '@vift/formats';
import { ViftError } from '@vift/schema';
import { convertDataset, type ConvertSummary } from '@vift/formats/node';
import {
  megabytesToBytes,
  parseContainerOption,
  parseFormatOption,
  parseOnInvalid,
  parsePositiveNumber,
  progressEnabled,
} from '../cli-options.js';
import { createProgress, formatCount } from '../progress.js';

type ConvertOptions = {
  to: ReturnType<typeof parseFormatOption>;
  from?: ReturnType<typeof parseFormatOption>;
  fromContainer?: 'json' | 'jsonl';
  toContainer?: 'json' | 'jsonl';
  onInvalid: 'error' | 'skip';
  rejects?: string;
  imageRoot?: string;
  openaiExtras?: boolean;
  datasetInfo: boolean;
  maxRecordMb?: number;
  json?: boolean;
  quiet?: boolean;
};

export function convertCommand(): Command {
  const command = new Command('convert');
  return command
    .description('convert a dataset file to another format as a stream; the output appears only when complete')
    .argument('<input>', 'the dataset file to read')
    .argument('<output>', 'the file to write (.json for a JSON array, .jsonl for JSON Lines)')
    .requiredOption('--to <format>', 'llava, sharegpt, sharegpt-messages, trl or openai (add -json or -jsonl to pick the container)', parseFormatOption)
    .option('--from <format>', 'the input format, detected from the first records by default', parseFormatOption)
    .addOption(new Option('--from-container <container>', 'json or jsonl; by default from the extension and the first bytes').argParser(parseContainerOption))
    .addOption(new Option('--to-container <container>', 'json or jsonl; by default from the output extension').argParser(parseContainerOption))
    .option('--on-invalid <mode>', 'error: stop at the first invalid record and write nothing; skip: write invalid records to the rejects file', parseOnInvalid, 'error')
    .option('--rejects <file>', 'where --on-invalid skip writes rejected records (default <output>.rejects.jsonl)')
    .option('--image-root <dir>', 'also check that every image path names a readable file under this folder')
    .option('--openai-extras', 'openai only: also write id, source and meta (not part of the upload format)')
    .option('--no-dataset-info', 'sharegpt only: do not add the entry to dataset_info.json beside the output')
    .option('--max-record-mb <mb>', 'records larger than this are reported as too large (default 64)', parsePositiveNumber)
    .option('--json', 'print the summary as JSON on stdout')
    .option('-q, --quiet', 'no progress bar')
    .action(async (input: string, output: string, options: ConvertOptions) => {
      // Ignoring --rejects would leave the user looking for a file that never comes.
      if (options.rejects !== undefined && options.onInvalid !== 'skip') {
        command.error('--rejects is only used with --on-invalid skip. Fix: add --on-invalid skip, or leave out --rejects', { exitCode: 2 });
      }
      const progress = createProgress({ label: 'convert', enabled: progressEnabled(options.quiet) });
      // Ctrl-C stops between records so the temporary outputs are removed; nothing half-written remains.
      const interruption = new AbortController();
      const interrupt = () => {
        process.exitCode = 130;
        interruption.abort(new ViftError({ name: 'InterruptedError', message: `interrupted: ${output} was not written` }));
      };
      process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
      let summary: ConvertSummary;
      try {
        summary = await convertDataset({
          input,
          output,
          from: options.from?.format,
          fromContainer: options.fromContainer ?? options.from?.container,
          to: createFormat(options.to.format, { openaiExtras: options.openaiExtras === true }),
          toContainer: options.toContainer ?? options.to.container,
          onInvalid: options.onInvalid,
          rejectsPath: options.rejects,
          imageRoot: options.imageRoot,
          datasetInfo: options.datasetInfo,
          maxRecordBytes: megabytesToBytes(options.maxRecordMb),
          onBytes: (read, total) => progress.update(read, total),
          signal: interruption.signal,
        });
      } finally {
        process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
        progress.done();
      }
      if (options.json === true) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else process.stdout.write(renderSummary(summary));
    });
}

export function renderSummary(summary: ConvertSummary): string {
  const lines = [
    `${summary.input} (${summary.from}, ${summary.fromContainer}) → ${summary.output} (${summary.to}, ${summary.toContainer}): ` +
      `${formatCount(summary.written)} written, ${formatCount(summary.rejected)} rejected in ${summary.seconds.toFixed(1)} s`,
  ];
  const losses = Object.entries(summary.losses);
  if (losses.length > 0) {
    lines.push(`not carried by ${summary.to}: ${losses.map(([field, count]) => `${field} (${formatCount(count)})`).join(', ')}`);
  }
  if (summary.rejectsPath !== undefined && summary.rejected > 0) {
    const codes = summary.issues.byCode.map((group) => `${group.code} ${formatCount(group.count)}`).join(', ');
    lines.push(`rejected records with their reasons: ${summary.rejectsPath} (${codes})`);
  }
  if (summary.datasetInfoPath !== undefined) lines.push(`LLaMA-Factory entry written to ${summary.datasetInfoPath}`);
  return `${lines.join('\n')}\n`;
}
