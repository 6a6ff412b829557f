import { exportLayout } from '../export-layout.js';
import { masterAddressOf } from '../launchers.js';
import { joinPath } from '../path-text.js';
import type { PlanContext, TrainerAdapter } from '../trainer-adapter.js';
import { yamlText } from '../yaml-text.js';

/**
 * LLaMA-Factory: `llamafactory-cli train <yaml>` with a full-parameter SFT YAML in the shape of its
 * `examples/train_full/*.yaml`, reading the ShareGPT export through its `dataset_info.json` entry. Several
 * GPUs or nodes go through its own torchrun launch, driven by environment variables (FORCE_TORCHRUN,
 * NNODES, NODE_RANK, NPROC_PER_NODE, MASTER_ADDR, MASTER_PORT, and RDZV_ID for the c10d rendezvous).
 */
export function createLlamaFactoryTrainer(): TrainerAdapter {
  return {
    specificationVersion: 'v1',
    id: 'llama-factory',
    label: 'LLaMA-Factory (llamafactory-cli train)',
    exportKind: 'llama-factory',
    logStyle: 'hugging-face',
    resume: 'argument',
    command(context, nodeRank) {
      const { cluster } = context.config;
      const env: Record<string, string> = {};
      const distributed = cluster.nodes > 1 || cluster.gpusPerNode > 1 || context.deepspeedFile !== undefined;
      if (distributed) {
        // DeepSpeed needs the torchrun launch even on one GPU; LLaMA-Factory uses it by itself only above one.
        env.FORCE_TORCHRUN = '1';
        env.NNODES = String(cluster.nodes);
        env.NPROC_PER_NODE = String(cluster.gpusPerNode);
        env.MASTER_PORT = String(cluster.masterPort);
        if (cluster.nodes > 1) {
          env.MASTER_ADDR = masterAddressOf(cluster);
          if (cluster.rendezvous === 'c10d') env.RDZV_ID = cluster.rendezvousId;
          else env.NODE_RANK = String(nodeRank);
        }
      }
      return { nodeRank, argv: [context.config.llamaFactory.command, 'train', yamlPathOf(context)], env, cwd: undefined };
    },
    files: (context) => [{ path: yamlPathOf(context), contents: llamaFactoryYaml(context), description: 'LLaMA-Factory training arguments' }],
    notes(context) {
      const notes = [
        `LLaMA-Factory reads the dataset "${context.config.data.name}" from ${joinPath(context.config.data.folder, 'dataset_info.json')} and the images under media_dir.`,
      ];
      if (context.resumeFrom === undefined) {
        notes.push('Without resume_from_checkpoint LLaMA-Factory still resumes from the newest checkpoint-N in output_dir, and refuses an output_dir that holds other files.');
      }
      return notes;
    },
  };
}

function yamlPathOf(context: PlanContext): string {
  return joinPath(context.planDir, 'llama-factory.yaml');
}

/** The YAML; keys are LLaMA-Factory's (model, data, finetuning) and the Hugging Face Trainer's arguments. */
export function llamaFactoryYaml(context: PlanContext): string {
  const { config, batch } = context;
  const { training } = config;
  const data = exportLayout['llama-factory'](config.data.folder, config.data.name);
  return yamlText([
    { title: 'model', entries: [['model_name_or_path', context.model]] },
    {
      title: 'method',
      entries: [
        ['stage', 'sft'],
        ['do_train', true],
        ['finetuning_type', 'full'],
        // LLaVA-1.5's stage 2 trains the projector and the language model; the vision tower stays frozen.
        ['freeze_vision_tower', config.llamaFactory.freezeVisionTower],
        ['freeze_multi_modal_projector', config.llamaFactory.freezeMultiModalProjector],
        ['freeze_language_model', false],
        ['deepspeed', context.deepspeedFile],
        // LLaMA-Factory turns gradient checkpointing on by itself; it only takes a switch to turn it off.
        ['disable_gradient_checkpointing', training.gradientCheckpointing ? undefined : true],
      ],
    },
    {
      title: 'dataset',
      entries: [
        ['dataset', config.data.name],
        ['dataset_dir', data.datasetDir],
        ['media_dir', data.imageFolder],
        ['template', config.llamaFactory.template],
        ['cutoff_len', training.modelMaxLength],
        ['dataloader_num_workers', training.dataloaderNumWorkers],
      ],
    },
    {
      title: 'output',
      entries: [
        ['output_dir', config.outputDir],
        ['logging_steps', training.loggingSteps],
        ['save_steps', training.saveSteps],
        ['save_total_limit', training.saveTotalLimit],
        ['report_to', training.reportTo],
      ],
    },
    {
      title: 'train',
      entries: [
        ['per_device_train_batch_size', batch.perDeviceTrainBatchSize],
        ['gradient_accumulation_steps', batch.gradientAccumulationSteps],
        ['learning_rate', training.learningRate],
        ['num_train_epochs', training.numTrainEpochs],
        ['max_steps', training.maxSteps],
        ['lr_scheduler_type', training.lrSchedulerType],
        ['warmup_ratio', training.warmupRatio],
        ['weight_decay', training.weightDecay],
        ['bf16', training.bf16],
        ['tf32', training.tf32],
        ['seed', training.seed],
        ['ddp_timeout', 180000000],
        ['resume_from_checkpoint', context.resumeFrom],
      ],
    },
  ]);
}
