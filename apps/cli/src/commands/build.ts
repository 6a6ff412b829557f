import { Command, Option } from 'commander';
import { buildDataset, loadRecipe } from '@vift/generate/node';
import { ViftError } from '@vift/schema';
import type { CompressionCodecName } from '@vift/parquet';
import { megabytesToBytes, parseCompressionOption, parsePositiveNumber, parseShardOption, progressEnabled } from '../cli-options.js';
import { formatCount } from '../progress.js';
import { version } from '../version.js';

type BuildOptions = {
  recipe: string;
  sources: string;
  out: string;
  shard?: { index: number; count: number };
  compression?: CompressionCodecName;
  shardSize?: number;
  json?: boolean;
  quiet?: boolean;
};

export function buildCommand(): Command {
  return new Command('build')
    .description('build a dataset from a recipe and a folder of official annotation files (COCO, Visual Genome, VQAv2, ...), written as Parquet shards')
    .requiredOption('--recipe <recipe>', 'a built-in recipe (coco-all, mix665k-like) or a recipe .json file (see `vift recipe show`)')
    .requiredOption('--sources <folder>', 'the folder holding the annotation files, found by their official names or listed in its sources.json')
    .requiredOption('--out <folder>', 'the output folder: train-*.parquet shards and README.md')
    .addOption(new Option('--shard <i/n>', 'build only the images of shard i of n (by a hash of the COCO id): n workers make disjoint parts of the same dataset').argParser(parseShardOption))
    .addOption(new Option('--compression <codec>', 'Parquet page compression: zstd (default), snappy, gzip or none').argParser(parseCompressionOption))
    .addOption(new Option('--shard-size <MB>', 'start a new Parquet file before one passes this size (default 500)').argParser(parsePositiveNumber))
    .option('--json', 'print the summary as JSON on stdout')
    .option('--quiet', 'no stage lines on stderr (they show only on a terminal anyway)')
    .action(async (options: BuildOptions) => {
      const recipe = await loadRecipe(options.recipe);
      // Stage lines only on a terminal, like convert's progress bar: piped stderr stays for errors.
      const showStages = progressEnabled(options.quiet);
      const say = (text: string) => {
        if (showStages) process.stderr.write(`${text}\n`);
      };
      const started = performance.now();
      // Ctrl-C stops between images; the temporary shards are removed, so no half dataset remains.
      const interruption = new AbortController();
      const interrupt = () => {
        process.exitCode = 130;
        interruption.abort(new ViftError({ name: 'InterruptedError', message: `interrupted: ${options.out} was not written` }));
      };
      process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
      const summary = await buildDataset({
        signal: interruption.signal,
        recipe,
        sources: options.sources,
        output: options.out,
        createdBy: `vift ${version}`,
        onStage: say,
        ...(options.shard === undefined ? {} : { shard: options.shard }),
        ...(options.compression === undefined ? {} : { compression: options.compression }),
        ...(options.shardSize === undefined ? {} : { shardBytes: megabytesToBytes(options.shardSize) }),
      }).finally(() => process.off('SIGINT', interrupt).off('SIGTERM', interrupt));
      const seconds = (performance.now() - started) / 1000;
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ ...summary, seconds }, null, 2)}\n`);
        return;
      }
      const shard = summary.shard === undefined ? '' : ` (shard ${summary.shard.index}/${summary.shard.count})`;
      const lines = [
        `${recipe.name}${shard}: ${formatCount(summary.samples)} samples, ${formatCount(summary.turns)} turns on ${formatCount(summary.images)} COCO images in ${seconds.toFixed(1)} s`,
        ...summary.loads.map(
          (load) =>
            `  ${load.dataset}: ${formatCount(load.annotations)} annotations from ${load.file}` +
            (load.droppedNotCoco + load.droppedUnknownImage + load.droppedMalformed > 0
              ? ` (dropped: ${formatCount(load.droppedNotCoco)} not on COCO images, ${formatCount(load.droppedUnknownImage)} on unknown images, ${formatCount(load.droppedMalformed)} malformed)`
              : ''),
        ),
        ...(summary.datasets.skipped.length > 0 ? [`  found but not in the recipe: ${summary.datasets.skipped.join(', ')}`] : []),
        `written: ${summary.files.join(', ')}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
