import { exportLayout } from '../export-layout.js';
import { torchrunArguments } from '../launchers.js';
import { argumentNumber } from '../path-text.js';
import { flagPairs, type PlanContext, type TrainerAdapter } from '../trainer-adapter.js';

/**
 * vift's reference trainer (`packages/train/python`, the `vift_trainer` module): plain PyTorch on the LLaVA
 * export. One process runs `python -m vift_trainer train`; several GPUs or nodes run it under torchrun. It
 * prints one JSON object a line for each step, evaluation, checkpoint and the end.
 */
export function createReferenceTrainer(): TrainerAdapter {
  return {
    specificationVersion: 'v1',
    id: 'reference',
    label: 'vift reference trainer (python -m vift_trainer)',
    exportKind: 'llava',
    logStyle: 'json-lines',
    resume: 'flag',
    command(context, nodeRank) {
      const { config } = context;
      const { cluster } = config;
      const single = cluster.nodes === 1 && cluster.gpusPerNode === 1;
      const head = single ? [config.reference.python, '-m', 'vift_trainer'] : torchrunArguments(cluster, nodeRank, { module: 'vift_trainer' });
      return { nodeRank, argv: [...head, ...referenceArguments(context)], env: { PYTHONPATH: config.reference.packageDir }, cwd: undefined };
    },
    files: () => [],
    notes: (context) => {
      const notes = ['The reference model is small and trains from scratch: its own default learning rate is 3e-4, where LLaVA fine-tunes at 2e-5.'];
      if (!referenceSchedulers.has(context.config.training.lrSchedulerType)) {
        notes.push(`The reference trainer knows the schedulers cosine, linear and constant; "${context.config.training.lrSchedulerType}" is not passed (it uses cosine).`);
      }
      return notes;
    },
  };
}

const referenceSchedulers: ReadonlySet<string> = new Set(['cosine', 'linear', 'constant']);

function referenceArguments(context: PlanContext): string[] {
  const { config, batch } = context;
  const { training } = config;
  const data = exportLayout.llava(config.data.folder);
  return [
    'train',
    ...flagPairs([
      ['--data', data.dataFile],
      ['--image-folder', data.imageFolder],
      ['--output-dir', config.outputDir],
      ['--model-max-length', String(training.modelMaxLength)],
      ['--image-size', String(config.model.imageSize)],
      ['--patch-size', String(config.model.patchSize)],
      ['--num-train-epochs', argumentNumber(training.numTrainEpochs)],
      ['--max-steps', training.maxSteps === undefined ? undefined : String(training.maxSteps)],
      ['--per-device-train-batch-size', String(batch.perDeviceTrainBatchSize)],
      ['--gradient-accumulation-steps', String(batch.gradientAccumulationSteps)],
      ['--learning-rate', argumentNumber(training.learningRate)],
      ['--lr-scheduler-type', referenceSchedulers.has(training.lrSchedulerType) ? training.lrSchedulerType : undefined],
      ['--warmup-ratio', argumentNumber(training.warmupRatio)],
      ['--weight-decay', argumentNumber(training.weightDecay)],
      ['--seed', String(training.seed)],
      ['--save-steps', String(training.saveSteps)],
      ['--save-total-limit', String(training.saveTotalLimit)],
      ['--logging-steps', String(training.loggingSteps)],
    ]),
    ...(training.bf16 ? ['--bf16'] : []),
    // The trainer itself takes the newest checkpoint-N of --output-dir.
    ...(context.resumeFrom === undefined ? [] : ['--resume']),
  ];
}
