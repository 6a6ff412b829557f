import { Command } from 'commander';
import { scoreMetrics, scorePredictions } from '@vift/eval/node';

type ScoreOptions = { metric: string; references?: string; questions?: string; annotations?: string; json?: boolean };

const metricHelp = Object.entries(scoreMetrics)
  .map(([name, needs]) => `${name} (${needs})`)
  .join('; ');

export function scoreCommand(): Command {
  return new Command('score')
    .description('score a predictions file with a reference-exact metric (or summarise LLaVA-Bench reviews and MM-Vet grades)')
    .argument('<predictions...>', 'the predictions file (several review files for llava-bench)')
    .requiredOption('--metric <name>', `one of: ${metricHelp}`)
    .option('--references <file>', 'reference answers or COCO captions')
    .option('--questions <file>', 'the question file the answers were made from (pope)')
    .option('--annotations <folder>', 'the benchmark\'s ground-truth folder (pope, mme)')
    .option('--json', 'print all results as JSON')
    .action(async (predictions: string[], options: ScoreOptions) => {
      const result = await scorePredictions({
        metric: options.metric,
        predictions,
        ...(options.references === undefined ? {} : { references: options.references }),
        ...(options.questions === undefined ? {} : { questions: options.questions }),
        ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
      });
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const lines = Object.entries(result.scores).map(([name, value]) => `${name}\t${Number(value.toFixed(4))}`);
      process.stdout.write(`${result.metric}\n${lines.join('\n')}\n`);
    });
}
