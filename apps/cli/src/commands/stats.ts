import { Command } from 'commander';
import { computeStatistics, renderStatisticsMarkdown } from '@vift/generate';
import { writeStatisticsFiles } from '@vift/generate/node';
import type { Sample } from '@vift/schema';
import { openInput } from '../convert/open-input.js';
import { inputKind } from '../dataset-kind.js';

type StatsOptions = { out?: string; json?: boolean };

export function statsCommand(): Command {
  return new Command('stats')
    .description('statistics of a dataset: samples, turns, images and tokens per source and task, the image-overlap matrix, instruction diversity, answer length by turn position')
    .argument('<dataset>', 'a dataset file or folder in any format vift reads (Parquet, Arrow, LLaVA, ShareGPT, TRL, OpenAI)')
    .option('--out <folder>', 'also write statistics.json and statistics.html (charts, works offline) into this folder')
    .option('--json', 'print the statistics as JSON instead of Markdown')
    .action(async (path: string, options: StatsOptions) => {
      const input = await openInput({ path, kind: await inputKind(path, undefined) });
      const statistics = await computeStatistics(samplesOf(input.entries));
      if (options.out !== undefined) {
        const written = await writeStatisticsFiles({ statistics, folder: options.out, title: path });
        process.stderr.write(`wrote ${written.json} and ${written.html}\n`);
      }
      process.stdout.write(options.json === true ? `${JSON.stringify(statistics, null, 2)}\n` : `${renderStatisticsMarkdown(statistics, { title: path })}\n`);
    });
}

/** Records that do not map to a sample are left out: `vift validate` is the command that reports them. */
async function* samplesOf(entries: AsyncIterable<{ sample: Sample | undefined }>): AsyncIterable<Sample> {
  for await (const entry of entries) if (entry.sample !== undefined) yield entry.sample;
}
