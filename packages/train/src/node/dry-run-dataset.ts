import { dryRun, type DryRunReport } from '../dry-run/dry-run.js';
import type { CountTokens, TemplateTokens } from '../dry-run/token-estimate.js';
import type { TrainConfig } from '../train-config.js';
import { openTrainingInput } from './open-training-input.js';

/**
 * The dry run of a dataset file or Parquet folder against a training config: every record is read and
 * checked as `vift validate` checks it (image files too, under `imageRoot`), then as the trainer will see it.
 */
export async function dryRunDataset(options: {
  input: string;
  config: TrainConfig;
  imageRoot?: string | undefined;
  countTokens?: CountTokens | undefined;
  templateTokens?: TemplateTokens | undefined;
  maxFindings?: number | undefined;
}): Promise<DryRunReport & { input: string; inputFormat: string }> {
  const opened = await openTrainingInput(options.input, { imageRoot: options.imageRoot });
  const report = await dryRun({
    samples: opened.entries,
    config: options.config,
    countTokens: options.countTokens,
    templateTokens: options.templateTokens,
    maxFindings: options.maxFindings,
  });
  return { ...report, input: options.input, inputFormat: opened.format };
}
