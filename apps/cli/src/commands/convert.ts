import { Command, Option } from 'commander';
import { assertWritable, extractImageBytes, pipeSamples } from '@vift/formats/node';
import { ViftError, type IssueReportSummary } from '@vift/schema';
import type { CompressionCodecName, LayoutName } from '@vift/parquet';
import {
  megabytesToBytes,
  parseCompressionOption,
  parseContainerOption,
  parseFormatOption,
  parseLayoutOption,
  parseOnInvalid,
  parsePositiveNumber,
  progressEnabled,
} from '../cli-options.js';
import { openInput } from '../convert/open-input.js';
import { checkOutput, openOutput } from '../convert/open-output.js';
import { inputKind, type DatasetKind } from '../dataset-kind.js';
import { createProgress, formatCount } from '../progress.js';
import { version } from '../version.js';

type ConvertOptions = {
  to: DatasetKind;
  from?: DatasetKind;
  fromContainer?: 'json' | 'jsonl';
  toContainer?: 'json' | 'jsonl';
  onInvalid: 'error' | 'skip';
  rejects?: string;
  imageRoot?: string;
  embedImages?: boolean;
  extractImages?: string;
  openaiExtras?: boolean;
  datasetInfo: boolean;
  layout?: LayoutName;
  compression?: CompressionCodecName;
  shardSize?: number;
  rowGroupMb?: number;
  maxRecordMb?: number;
  json?: boolean;
  quiet?: boolean;
};

export type ConversionSummary = {
  input: string;
  output: string;
  from: string;
  to: string;
  fromContainer: string | undefined;
  toContainer: string | undefined;
  records: number;
  written: number;
  rejected: number;
  rejectsPath: string | undefined;
  datasetInfoPath: string | undefined;
  /** Parquet: the files written. */
  files: string[] | undefined;
  /** Strings whose lone surrogates became U+FFFD in Parquet (their originals are kept in meta). */
  repairedStrings: number | undefined;
  losses: Record<string, number>;
  issues: IssueReportSummary;
  bytesRead: number;
  seconds: number;
};

export function convertCommand(): Command {
  const command = new Command('convert');
  return command
    .description('convert a dataset to another format as a stream; the output appears only when complete')
    .argument('<input>', 'the dataset to read: a JSON or JSON Lines file, a .parquet file or a folder of Parquet shards, an .arrow file')
    .argument('<output>', 'what to write: .json (JSON array) or .jsonl file; for parquet a .parquet file or a folder for shards')
    .requiredOption('--to <format>', 'llava, sharegpt, sharegpt-messages, trl, openai (add -json or -jsonl to pick the container), parquet or arrow (.arrow file, .arrows stream)', parseFormatOption)
    .option('--from <format>', 'the input format, detected by default', parseFormatOption)
    .addOption(new Option('--from-container <container>', 'json or jsonl; by default from the extension and the first bytes').argParser(parseContainerOption))
    .addOption(new Option('--to-container <container>', 'json or jsonl; by default from the output extension').argParser(parseContainerOption))
    .option('--on-invalid <mode>', 'error: stop at the first invalid record and write nothing; skip: write invalid records to the rejects file', parseOnInvalid, 'error')
    .option('--rejects <file>', 'where --on-invalid skip writes rejected records (default <output>.rejects.jsonl)')
    .option('--image-root <dir>', 'the folder image paths are relative to: checks that each image file is there')
    .option('--embed-images', 'parquet: read every image file under --image-root into the dataset')
    .option('--extract-images <dir>', 'write embedded image bytes to files under this folder, keeping only paths in the output')
    .option('--layout <layout>', 'parquet: vift (id, images, messages; default) or llava (id, image, conversations)', parseLayoutOption)
    .option('--compression <codec>', 'parquet: zstd (default), snappy, gzip or none', parseCompressionOption)
    .option('--shard-size <mb>', 'parquet to a folder: start a new shard before one passes this size (default 500)', parsePositiveNumber)
    .option('--row-group-mb <mb>', 'parquet: row group size before compression (default 16, at most a quarter of a shard)', parsePositiveNumber)
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
      if (options.embedImages === true && options.imageRoot === undefined) {
        command.error('--embed-images reads the image files under --image-root. Fix: add --image-root DIR', { exitCode: 2 });
      }
      const summary = await runConversion(input, output, options);
      if (options.json === true) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else process.stdout.write(renderSummary(summary));
    });
}

async function runConversion(input: string, output: string, options: ConvertOptions): Promise<ConversionSummary> {
  const started = performance.now();
  const rejectsPath = options.onInvalid === 'skip' ? (options.rejects ?? `${output.replace(/\/+$/, '')}.rejects.jsonl`) : undefined;
  const outputOptions = {
    path: output,
    kind: options.to,
    container: options.toContainer,
    openaiExtras: options.openaiExtras,
    datasetInfo: options.datasetInfo,
    layout: options.layout,
    compression: options.compression,
    shardBytes: options.shardSize === undefined ? undefined : options.shardSize * 1e6,
    rowGroupBytes: megabytesToBytes(options.rowGroupMb),
    version,
  };
  await checkOutput(outputOptions);
  if (rejectsPath !== undefined) await assertWritable(rejectsPath);

  const progress = createProgress({ label: 'convert', enabled: progressEnabled(options.quiet) });
  // Ctrl-C stops between records so the temporary outputs are removed; nothing half-written remains.
  const interruption = new AbortController();
  const interrupt = () => {
    process.exitCode = 130;
    interruption.abort(new ViftError({ name: 'InterruptedError', message: `interrupted: ${output} was not written` }));
  };
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  try {
    const source = await openInput({
      path: input,
      kind: await inputKind(input, options.from),
      container: options.fromContainer,
      imageRoot: options.imageRoot,
      embedImages: options.embedImages,
      maxRecordBytes: megabytesToBytes(options.maxRecordMb),
      // Extracting images needs the samples themselves, so then rows are not pre-encoded.
      encodeFor: options.to.kind === 'records' && options.extractImages === undefined ? { format: options.to.format, openaiExtras: options.openaiExtras === true } : undefined,
      onBytes: (read, total) => progress.update(read, total),
    });
    const target = await openOutput(outputOptions, source.formatName);
    const entries = options.extractImages === undefined ? source.entries : extractImageBytes(source.entries, { folder: options.extractImages });
    const piped = await pipeSamples({ input, entries, sink: target.sink, onInvalid: options.onInvalid, rejectsPath, signal: interruption.signal });
    const details = target.details();
    return {
      input,
      output,
      from: source.formatName,
      to: target.formatName,
      fromContainer: source.container,
      toContainer: details.container,
      records: piped.records,
      written: piped.written,
      rejected: piped.rejected,
      rejectsPath,
      datasetInfoPath: details.datasetInfoPath,
      files: details.files,
      repairedStrings: details.repairedStrings,
      losses: details.losses,
      issues: piped.issues,
      bytesRead: source.size,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
    progress.done();
  }
}

export function renderSummary(summary: ConversionSummary): string {
  const side = (format: string, container: string | undefined) => (container === undefined ? format : `${format}, ${container}`);
  const lines = [
    `${summary.input} (${side(summary.from, summary.fromContainer)}) → ${summary.output} (${side(summary.to, summary.toContainer)}): ` +
      `${formatCount(summary.written)} written, ${formatCount(summary.rejected)} rejected in ${summary.seconds.toFixed(1)} s`,
  ];
  const losses = Object.entries(summary.losses);
  if (losses.length > 0) {
    lines.push(`not carried by ${summary.to}: ${losses.map(([field, count]) => `${field} (${formatCount(count)})`).join(', ')}`);
  }
  if (summary.repairedStrings !== undefined && summary.repairedStrings > 0) {
    lines.push(`${formatCount(summary.repairedStrings)} string(s) held lone surrogates: written with U+FFFD, the originals kept in meta ("vift:text")`);
  }
  if (summary.files !== undefined && summary.files.length > 1) lines.push(`${summary.files.length} shards and a README.md in ${summary.output}`);
  if (summary.rejectsPath !== undefined && summary.rejected > 0) {
    const codes = summary.issues.byCode.map((group) => `${group.code} ${formatCount(group.count)}`).join(', ');
    lines.push(`rejected records with their reasons: ${summary.rejectsPath} (${codes})`);
  }
  if (summary.datasetInfoPath !== undefined) lines.push(`LLaMA-Factory entry written to ${summary.datasetInfoPath}`);
  return `${lines.join('\n')}\n`;
}
