import { resolveBatch } from './batch-arithmetic.js';
import { deepspeedConfig } from './deepspeed-config.js';
import { masterAddressOf } from './launchers.js';
import { joinPath } from './path-text.js';
import { defaultModelOf, type TrainConfig } from './train-config.js';
import { TrainConfigError } from './train-config-error.js';
import type { PlanContext, TrainerAdapter } from './trainer-adapter.js';
import { createTrainer } from './trainers/trainer-registry.js';
import type { PlanFile, TrainingPlan } from './training-plan.js';

export type PlanTrainingOptions = {
  config: TrainConfig;
  /** The checkpoint folder to resume from (see `findLastCheckpoint` in `@vift/train/node`). */
  resumeFrom?: string | undefined;
  /** A trainer adapter of your own; by default the one `config.trainer` names. */
  trainer?: TrainerAdapter | undefined;
};

/**
 * Turns a checked config into what to run: the exact command of every node (argv, environment, folder),
 * the files those commands read (DeepSpeed JSON, LLaMA-Factory YAML) and notes. Checks the batch
 * arithmetic and the cluster first; throws a `TrainConfigError` naming the setting to change.
 */
export function planTraining(options: PlanTrainingOptions): TrainingPlan {
  const { config } = options;
  const trainer = options.trainer ?? createTrainer(config.trainer);
  const { cluster, training } = config;
  if (cluster.nodes > 1) masterAddressOf(cluster);
  const batch = resolveBatch({
    globalBatchSize: training.globalBatchSize,
    perDeviceTrainBatchSize: training.perDeviceTrainBatchSize,
    gradientAccumulationSteps: training.gradientAccumulationSteps,
    devices: cluster.nodes * cluster.gpusPerNode,
  });
  const resumeFrom = checkResume(trainer, config, options.resumeFrom);
  const planDir = config.planDir ?? `${config.outputDir.replace(/\/+$/, '')}-plan`;
  const stage = training.deepspeed === 'zero3' ? 3 : training.deepspeed === 'zero2' ? 2 : undefined;
  const deepspeed = stage === undefined ? undefined : deepspeedConfig(stage);
  const deepspeedFile = stage === undefined ? undefined : joinPath(planDir, `deepspeed-zero${stage}.json`);
  const context: PlanContext = {
    config,
    batch,
    model: config.model.nameOrPath ?? defaultModelOf(trainer.id),
    planDir,
    deepspeedFile,
    resumeFrom: trainer.resume === 'argument' || trainer.resume === 'flag' ? resumeFrom : undefined,
  };
  const files: PlanFile[] = [];
  if (deepspeedFile !== undefined) files.push({ path: deepspeedFile, contents: `${JSON.stringify(deepspeed, null, 2)}\n`, description: `DeepSpeed ZeRO-${stage} config` });
  files.push(...trainer.files(context));
  const commands = Array.from({ length: cluster.nodes }, (_, nodeRank) => trainer.command(context, nodeRank));
  return {
    trainer: trainer.id,
    batch,
    nodes: cluster.nodes,
    gpusPerNode: cluster.gpusPerNode,
    planDir,
    commands,
    files,
    deepspeedConfig: deepspeed,
    resumeFrom,
    logStyle: trainer.logStyle,
    notes: trainer.notes(context),
  };
}

function checkResume(trainer: TrainerAdapter, config: TrainConfig, resumeFrom: string | undefined): string | undefined {
  if (resumeFrom === undefined) return undefined;
  if (trainer.resume === 'unsupported') {
    throw new TrainConfigError({
      setting: 'resume',
      message: `${trainer.label} cannot resume from ${resumeFrom}`,
      fix: 'start the run again without resuming, or train with a trainer that resumes (llava, llama-factory, reference)',
    });
  }
  if ((trainer.resume === 'automatic' || trainer.resume === 'flag') && !isDirectChild(config.outputDir, resumeFrom)) {
    throw new TrainConfigError({
      setting: 'resume',
      message: `${trainer.label} resumes only from a checkpoint-N folder inside its output folder ${config.outputDir}, not from ${resumeFrom}`,
      fix: `copy the checkpoint into ${config.outputDir}, or set outputDir to the folder that holds it`,
    });
  }
  return resumeFrom;
}

function isDirectChild(folder: string, path: string): boolean {
  const parent = folder.replace(/\/+$/, '');
  return path.startsWith(`${parent}/`) && !path.slice(parent.length + 1).replace(/\/+$/, '').includes('/');
}
