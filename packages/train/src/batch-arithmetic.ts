import { TrainConfigError } from './train-config-error.js';

export type BatchPlan = {
  globalBatchSize: number;
  perDeviceTrainBatchSize: number;
  gradientAccumulationSteps: number;
  /** Processes (GPUs) over all nodes. */
  devices: number;
};

/**
 * Checks that per-device batch × devices × accumulation steps equals the global batch, deriving the
 * accumulation steps when they are not given. The error names the setting to change and the values that fit.
 */
export function resolveBatch(options: {
  globalBatchSize: number;
  perDeviceTrainBatchSize: number;
  gradientAccumulationSteps?: number | undefined;
  devices: number;
}): BatchPlan {
  const { globalBatchSize, perDeviceTrainBatchSize, devices } = options;
  const perStep = perDeviceTrainBatchSize * devices;
  if (globalBatchSize % devices !== 0) {
    const lower = Math.max(devices, globalBatchSize - (globalBatchSize % devices));
    throw new TrainConfigError({
      setting: 'training.globalBatchSize',
      message: `a global batch of ${globalBatchSize} cannot be shared evenly by ${devices} devices`,
      fix: `choose a multiple of ${devices} (e.g. ${lower} or ${lower + devices}), or another device count (cluster.gpusPerNode, cluster.nodes)`,
    });
  }
  if (options.gradientAccumulationSteps === undefined) {
    if (globalBatchSize % perStep !== 0) {
      throw new TrainConfigError({
        setting: 'training.perDeviceTrainBatchSize',
        message: `${perDeviceTrainBatchSize} per device × ${devices} devices = ${perStep} does not divide the global batch of ${globalBatchSize}`,
        fix: `choose a per-device batch from ${fittingPerDevice(globalBatchSize, devices)}, or change training.globalBatchSize to a multiple of ${perStep}`,
      });
    }
    return { globalBatchSize, perDeviceTrainBatchSize, gradientAccumulationSteps: globalBatchSize / perStep, devices };
  }
  const accumulation = options.gradientAccumulationSteps;
  const product = perStep * accumulation;
  if (product !== globalBatchSize) {
    const fitting = globalBatchSize % perStep === 0 ? `set it to ${globalBatchSize / perStep}, or leave it out to derive it` : `leave it out and choose a per-device batch from ${fittingPerDevice(globalBatchSize, devices)}`;
    throw new TrainConfigError({
      setting: 'training.gradientAccumulationSteps',
      message: `${perDeviceTrainBatchSize} per device × ${devices} devices × ${accumulation} accumulation steps = ${product}, not the global batch of ${globalBatchSize}`,
      fix: `${fitting} (or change training.globalBatchSize to ${product})`,
    });
  }
  return { globalBatchSize, perDeviceTrainBatchSize, gradientAccumulationSteps: accumulation, devices };
}

/** The per-device batches that give the global batch on these devices with whole accumulation steps. */
function fittingPerDevice(globalBatchSize: number, devices: number): string {
  const perDevice = globalBatchSize / devices;
  const divisors: number[] = [];
  for (let size = 1; size <= perDevice; size++) if (perDevice % size === 0) divisors.push(size);
  return divisors.join(', ');
}
