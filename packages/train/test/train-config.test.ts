import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrainConfigError, parseTrainConfig } from '../src/index.js';
import { loadTrainConfig, referenceTrainerDir } from '../src/node/index.js';
import { referenceTrainerDir as packagePythonDir, useTempFolders } from './helpers.js';

const tempFolder = useTempFolders();

describe('training config', () => {
  it("fills in LLaVA-1.5's stage-2 settings", () => {
    const config = parseTrainConfig({ data: { folder: '/data' }, outputDir: '/runs/x' });
    expect(config.trainer).toBe('llava');
    expect(config.training).toMatchObject({
      learningRate: 2e-5,
      numTrainEpochs: 1,
      globalBatchSize: 128,
      perDeviceTrainBatchSize: 16,
      modelMaxLength: 2048,
      warmupRatio: 0.03,
      lrSchedulerType: 'cosine',
      weightDecay: 0,
      bf16: true,
      tf32: true,
      gradientCheckpointing: true,
      deepspeed: 'zero3',
      groupByModalityLength: true,
      lazyPreprocess: true,
    });
    expect(config.training.gradientAccumulationSteps).toBeUndefined();
    expect(config.cluster).toMatchObject({ nodes: 1, gpusPerNode: 8 });
    expect(config.model).toMatchObject({ visionTower: 'openai/clip-vit-large-patch14-336', mmProjectorType: 'mlp2x_gelu', mmVisionSelectLayer: -2, imageAspectRatio: 'pad' });
  });

  it('names the setting of a wrong or unknown value', () => {
    const line = (input: unknown) => {
      try {
        parseTrainConfig(input);
      } catch (error) {
        expect(TrainConfigError.isInstance(error)).toBe(true);
        return (error as TrainConfigError).toLine();
      }
      return 'no error';
    };
    expect(line({ data: { folder: '/d' }, outputDir: '/o', training: { learningRate: -1 } })).toMatch(/^training\.learningRate: .*Fix: correct the value/);
    expect(line({ data: { folder: '/d' }, outputDir: '/o', training: { learning_rate: 2e-5 } })).toMatch(/^training: .*learning_rate.*Fix: remove or rename the key/);
    expect(line({ data: { folder: '/d' } })).toMatch(/^outputDir: /);
    expect(line({ data: { folder: '/d' }, outputDir: '/o', trainer: 'axolotl' })).toMatch(/^trainer: /);
  });

  it('reads a JSON file, applies overrides and resolves its relative paths against the file', async () => {
    const folder = await tempFolder();
    const file = join(folder, 'train.json');
    await writeFile(file, JSON.stringify({ trainer: 'reference', data: { folder: 'exports/llava' }, outputDir: '/abs/runs', cluster: { gpusPerNode: 8 } }));
    const config = await loadTrainConfig(file, { cluster: { gpusPerNode: 1 }, training: { maxSteps: 3 } });
    expect(config.data.folder).toBe(join(folder, 'exports/llava'));
    expect(config.outputDir).toBe('/abs/runs');
    expect(config.cluster.gpusPerNode).toBe(1);
    expect(config.training.maxSteps).toBe(3);
    // The reference trainer is found beside the package's code.
    expect(config.reference.packageDir).toBe(referenceTrainerDir);
    expect(referenceTrainerDir.replace(/\/$/, '')).toBe(packagePythonDir);

    await writeFile(file, '{"data": ');
    await expect(loadTrainConfig(file)).rejects.toThrowError(/train\.json: \(file\): is not valid JSON/);
    await expect(loadTrainConfig(join(folder, 'none.json'))).rejects.toThrowError(/cannot read it \(ENOENT\)/);
  });
});
