import { exportLayout } from '../export-layout.js';
import { deepspeedLauncherArguments, masterEnvironment, torchrunArguments } from '../launchers.js';
import { argumentNumber } from '../path-text.js';
import { flagPairs, type PlanContext, type TrainerAdapter } from '../trainer-adapter.js';

const pythonBool = (value: boolean) => (value ? 'True' : 'False');

/**
 * LLaVA's own trainer, `llava/train/train_mem.py` of haotian-liu/LLaVA, with the arguments of its stage-2
 * script `scripts/v1_5/finetune.sh`. Launched by the deepspeed launcher as that script does, or by torchrun
 * (the default on several nodes). It resumes by itself from the newest `checkpoint-N` in `--output_dir`.
 */
export function createLlavaTrainer(): TrainerAdapter {
  return {
    specificationVersion: 'v1',
    id: 'llava',
    label: "LLaVA (llava/train/train_mem.py)",
    exportKind: 'llava',
    logStyle: 'hugging-face',
    resume: 'automatic',
    command(context, nodeRank) {
      const { config } = context;
      const launcher = config.llava.launcher ?? (config.cluster.nodes > 1 ? 'torchrun' : 'deepspeed');
      const head =
        launcher === 'deepspeed'
          ? deepspeedLauncherArguments(config.cluster, nodeRank, config.llava.script)
          : torchrunArguments(config.cluster, nodeRank, { script: config.llava.script });
      return {
        nodeRank,
        argv: [...head, ...llavaArguments(context)],
        env: launcher === 'deepspeed' ? masterEnvironment(config.cluster) : {},
        cwd: config.llava.repository,
      };
    },
    files: () => [],
    notes(context) {
      const notes = [
        `LLaVA resumes by itself: train.py passes resume_from_checkpoint=True when ${context.config.outputDir} holds a checkpoint-N folder.`,
        'train.py reads one image per sample (`image` is one path); a sample with several images fails there.',
      ];
      if (context.config.model.pretrainMmMlpAdapter === undefined) {
        notes.push('model.pretrainMmMlpAdapter is not set: the projector starts from random weights instead of the stage-1 mm_projector.bin.');
      }
      return notes;
    },
  };
}

function llavaArguments(context: PlanContext): string[] {
  const { config, batch } = context;
  const { model, training } = config;
  const data = exportLayout.llava(config.data.folder);
  return flagPairs([
    ['--deepspeed', context.deepspeedFile],
    ['--model_name_or_path', context.model],
    ['--version', model.version],
    ['--data_path', data.dataFile],
    ['--image_folder', data.imageFolder],
    ['--vision_tower', model.visionTower],
    ['--pretrain_mm_mlp_adapter', model.pretrainMmMlpAdapter],
    ['--mm_projector_type', model.mmProjectorType],
    ['--mm_vision_select_layer', String(model.mmVisionSelectLayer)],
    ['--mm_use_im_start_end', pythonBool(model.mmUseImStartEnd)],
    ['--mm_use_im_patch_token', pythonBool(model.mmUseImPatchToken)],
    ['--image_aspect_ratio', model.imageAspectRatio],
    ['--group_by_modality_length', pythonBool(training.groupByModalityLength)],
    ['--bf16', pythonBool(training.bf16)],
    ['--output_dir', config.outputDir],
    ['--num_train_epochs', argumentNumber(training.numTrainEpochs)],
    ['--max_steps', training.maxSteps === undefined ? undefined : String(training.maxSteps)],
    ['--per_device_train_batch_size', String(batch.perDeviceTrainBatchSize)],
    ['--per_device_eval_batch_size', String(training.perDeviceEvalBatchSize)],
    ['--gradient_accumulation_steps', String(batch.gradientAccumulationSteps)],
    // transformers 4.37 (LLaVA's pin) spells it evaluation_strategy.
    ['--evaluation_strategy', 'no'],
    ['--save_strategy', 'steps'],
    ['--save_steps', String(training.saveSteps)],
    ['--save_total_limit', String(training.saveTotalLimit)],
    ['--learning_rate', argumentNumber(training.learningRate)],
    ['--weight_decay', argumentNumber(training.weightDecay)],
    ['--warmup_ratio', argumentNumber(training.warmupRatio)],
    ['--lr_scheduler_type', training.lrSchedulerType],
    ['--logging_steps', String(training.loggingSteps)],
    ['--tf32', pythonBool(training.tf32)],
    ['--model_max_length', String(training.modelMaxLength)],
    ['--gradient_checkpointing', pythonBool(training.gradientCheckpointing)],
    ['--dataloader_num_workers', String(training.dataloaderNumWorkers)],
    ['--lazy_preprocess', pythonBool(training.lazyPreprocess)],
    ['--report_to', training.reportTo],
    ['--seed', String(training.seed)],
  ]);
}
