import { exportLayout } from '../export-layout.js';
import { accelerateArguments, masterEnvironment } from '../launchers.js';
import { argumentNumber } from '../path-text.js';
import { flagPairs, type PlanContext, type TrainerAdapter } from '../trainer-adapter.js';

const flagBool = (value: boolean) => (value ? 'true' : 'false');

/**
 * TRL's `examples/scripts/sft_vlm.py` through `accelerate launch`, reading the TRL export (a Hugging Face
 * dataset folder: Parquet with `messages` content parts and embedded `images`) by `--dataset_name`. The
 * script sets `max_length` to None (image tokens must never be cut), so no length is passed, and it calls
 * `trainer.train()` without a checkpoint, so it cannot resume.
 */
export function createTrlTrainer(): TrainerAdapter {
  return {
    specificationVersion: 'v1',
    id: 'trl',
    label: 'TRL (examples/scripts/sft_vlm.py with accelerate)',
    exportKind: 'trl',
    logStyle: 'hugging-face',
    resume: 'unsupported',
    command(context, nodeRank) {
      const { config } = context;
      const zeroStage = config.training.deepspeed === 'zero3' ? 3 : config.training.deepspeed === 'zero2' ? 2 : undefined;
      const head = accelerateArguments(config.cluster, nodeRank, {
        deepspeedConfigFile: context.deepspeedFile,
        zeroStage,
        mixedPrecision: config.training.bf16 ? 'bf16' : 'no',
        script: config.trl.script,
      });
      return { nodeRank, argv: [...head, ...trlArguments(context)], env: masterEnvironment(config.cluster), cwd: config.trl.repository };
    },
    files: () => [],
    notes: () => [
      `sft_vlm.py sets max_length to None, so training.modelMaxLength is not applied: samples are never truncated.`,
      'sft_vlm.py cannot resume: it calls trainer.train() without resume_from_checkpoint.',
    ],
  };
}

function trlArguments(context: PlanContext): string[] {
  const { config, batch } = context;
  const { training } = config;
  const warmup: readonly [string, string] =
    config.trl.transformersMajor >= 5 ? ['--warmup_steps', argumentNumber(training.warmupRatio)] : ['--warmup_ratio', argumentNumber(training.warmupRatio)];
  return flagPairs([
    ['--dataset_name', exportLayout.trl(config.data.folder).datasetDir],
    ['--model_name_or_path', context.model],
    ['--dtype', training.bf16 ? 'bfloat16' : 'float32'],
    ['--output_dir', config.outputDir],
    ['--num_train_epochs', argumentNumber(training.numTrainEpochs)],
    ['--max_steps', training.maxSteps === undefined ? undefined : String(training.maxSteps)],
    ['--per_device_train_batch_size', String(batch.perDeviceTrainBatchSize)],
    ['--gradient_accumulation_steps', String(batch.gradientAccumulationSteps)],
    ['--learning_rate', argumentNumber(training.learningRate)],
    ['--lr_scheduler_type', training.lrSchedulerType],
    warmup,
    ['--weight_decay', argumentNumber(training.weightDecay)],
    ['--bf16', flagBool(training.bf16)],
    ['--tf32', flagBool(training.tf32)],
    ['--gradient_checkpointing', flagBool(training.gradientCheckpointing)],
    ['--logging_steps', String(training.loggingSteps)],
    ['--save_strategy', 'steps'],
    ['--save_steps', String(training.saveSteps)],
    ['--save_total_limit', String(training.saveTotalLimit)],
    ['--dataloader_num_workers', String(training.dataloaderNumWorkers)],
    ['--seed', String(training.seed)],
    ['--report_to', training.reportTo],
  ]);
}
