import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrainConfigError, formatCommand, parseTrainConfig, planTraining, resolveBatch, type TrainConfigInput, type TrainingPlan } from '../src/index.js';
import { pythonWith, referenceTrainerDir, trainFixtures } from './helpers.js';

/** Flag names copied from each trainer's sources (see fixtures/SOURCES.md, train/). */
const flags = JSON.parse(readFileSync(join(trainFixtures, 'trainer-flags.json'), 'utf8')) as {
  huggingFaceTrainingArguments: string[];
  llava: { trainPy: string[]; finetuneSh: string[]; finetuneShValues: Record<string, string> };
  llamaFactory: { dataArguments: string[]; modelArguments: string[]; finetuningArguments: string[]; trainingArguments: string[]; launcherEnvironment: string[] };
  trl: { scriptArguments: string[]; modelConfig: string[]; sftConfig: string[] };
  accelerateLaunch: string[];
  deepspeedLauncher: string[];
  torchrun: string[];
};

const base = { data: { folder: '/data/export' }, outputDir: '/runs/llava-coco' } satisfies TrainConfigInput;
const plan = (input: Partial<TrainConfigInput> & Record<string, unknown>, resumeFrom?: string): TrainingPlan =>
  planTraining({ config: parseTrainConfig({ ...base, ...input }), resumeFrom });

/** The `--name` flags of an argv slice, without the dashes. */
function flagNames(argv: readonly string[]): string[] {
  return argv.filter((word) => /^--[a-z]/.test(word)).map((word) => word.slice(2));
}

/** The value after each `--flag`. */
function flagValues(argv: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  argv.forEach((word, index) => {
    if (/^--[a-z]/.test(word) && argv[index + 1] !== undefined && !argv[index + 1]!.startsWith('--')) values[word.slice(2)] = argv[index + 1]!;
  });
  return values;
}

/** Splits argv at the script (or module) the launcher starts. */
function splitAt(argv: readonly string[], marker: string): { launcher: string[]; script: string[] } {
  const at = argv.indexOf(marker);
  expect(at, `${marker} in ${argv.join(' ')}`).toBeGreaterThan(-1);
  return { launcher: argv.slice(0, at), script: argv.slice(at + 1) };
}

function expectKnown(names: readonly string[], known: readonly string[], what: string): void {
  const unknown = names.filter((name) => !known.includes(name));
  expect(unknown, `${what} does not define these flags`).toEqual([]);
}

const huggingFace = flags.huggingFaceTrainingArguments;

describe('LLaVA train_mem.py plans', () => {
  const llavaKnown = [...flags.llava.trainPy, ...flags.llava.finetuneSh, ...huggingFace];

  it('reproduce finetune.sh on one node of 8 GPUs with the deepspeed launcher', () => {
    const result = plan({});
    expect(result.commands).toHaveLength(1);
    const command = result.commands[0]!;
    expect(command.cwd).toBe('.');
    const { launcher, script } = splitAt(command.argv, 'llava/train/train_mem.py');
    expect(launcher).toEqual(['deepspeed', '--num_gpus', '8', '--master_port', '29500']);
    expectKnown(flagNames(launcher).filter((name) => name !== 'num_gpus'), flags.deepspeedLauncher, 'the deepspeed launcher');
    expect(flags.deepspeedLauncher).toContain('num_gpus');
    expectKnown(flagNames(script), llavaKnown, "LLaVA's train.py");

    // Every stage-2 hyper-parameter is the script's; paths, the model, the adapter and wandb are the user's.
    const values = flagValues(script);
    const own = new Set(['deepspeed', 'model_name_or_path', 'data_path', 'image_folder', 'pretrain_mm_mlp_adapter', 'output_dir', 'report_to']);
    for (const [flag, expected] of Object.entries(flags.llava.finetuneShValues)) {
      if (own.has(flag)) continue;
      expect(values[flag], `--${flag}`).toBeDefined();
      expect(Number.isNaN(Number(expected)) ? values[flag] : Number(values[flag]), `--${flag}`).toEqual(Number.isNaN(Number(expected)) ? expected : Number(expected));
    }
    expect(values.data_path).toBe('/data/export/data.json');
    expect(values.image_folder).toBe('/data/export/images');
    expect(values.deepspeed).toBe('/runs/llava-coco-plan/deepspeed-zero3.json');
    expect(values.report_to).toBe('none');
    expect(result.batch).toEqual({ globalBatchSize: 128, perDeviceTrainBatchSize: 16, gradientAccumulationSteps: 1, devices: 8 });
  });

  it('writes the ZeRO-3 JSON with the batch left to the Trainer', () => {
    const result = plan({});
    const file = result.files.find((entry) => entry.path.endsWith('deepspeed-zero3.json'))!;
    const config = JSON.parse(file.contents);
    expect(config.zero_optimization.stage).toBe(3);
    expect(config.zero_optimization.stage3_gather_16bit_weights_on_model_save).toBe(true);
    expect([config.train_batch_size, config.train_micro_batch_size_per_gpu, config.gradient_accumulation_steps]).toEqual(['auto', 'auto', 'auto']);
    expect(config.bf16.enabled).toBe('auto');
    const zero2 = plan({ training: { deepspeed: 'zero2' } });
    expect(JSON.parse(zero2.files[0]!.contents).zero_optimization.stage).toBe(2);
    const none = plan({ training: { deepspeed: 'none' } });
    expect(none.files).toEqual([]);
    expect(none.commands[0]!.argv).not.toContain('--deepspeed');
  });

  it('keep the global batch on one GPU by accumulating 8 steps', () => {
    const result = plan({ cluster: { gpusPerNode: 1 } });
    expect(result.batch.gradientAccumulationSteps).toBe(8);
    const values = flagValues(result.commands[0]!.argv);
    expect(values.per_device_train_batch_size).toBe('16');
    expect(values.gradient_accumulation_steps).toBe('8');
    expect(result.commands[0]!.argv.slice(0, 3)).toEqual(['deepspeed', '--num_gpus', '1']);
  });

  it('run on several nodes with one torchrun command for every node (c10d rendezvous)', () => {
    const result = plan({ cluster: { nodes: 2, gpusPerNode: 8, masterAddr: '10.0.0.1', masterPort: 29400 }, training: { perDeviceTrainBatchSize: 8 } });
    expect(result.commands).toHaveLength(2);
    const { launcher } = splitAt(result.commands[0]!.argv, 'llava/train/train_mem.py');
    expect(launcher).toEqual(['torchrun', '--nnodes', '2', '--nproc_per_node', '8', '--rdzv_backend', 'c10d', '--rdzv_endpoint', '10.0.0.1:29400', '--rdzv_id', 'vift']);
    expectKnown(flagNames(launcher), flags.torchrun, 'torchrun');
    expect(result.commands[1]!.argv).toEqual(result.commands[0]!.argv);
    expect(result.batch).toEqual({ globalBatchSize: 128, perDeviceTrainBatchSize: 8, gradientAccumulationSteps: 1, devices: 16 });
  });

  it('give each node its rank with the static rendezvous', () => {
    const result = plan({ cluster: { nodes: 3, gpusPerNode: 4, masterAddr: 'node-0', rendezvous: 'static' }, training: { globalBatchSize: 96, perDeviceTrainBatchSize: 8 } });
    const ranks = result.commands.map((command) => flagValues(command.argv).node_rank);
    expect(ranks).toEqual(['0', '1', '2']);
    const { launcher } = splitAt(result.commands[2]!.argv, 'llava/train/train_mem.py');
    expect(flagValues(launcher)).toMatchObject({ nnodes: '3', nproc_per_node: '4', master_addr: 'node-0', master_port: '29500' });
    expectKnown(flagNames(launcher), flags.torchrun, 'torchrun');
  });

  it('use the deepspeed launcher on several nodes without ssh when asked, with MASTER_ADDR and MASTER_PORT', () => {
    const result = plan({ cluster: { nodes: 2, gpusPerNode: 8, masterAddr: '10.0.0.1' }, llava: { launcher: 'deepspeed' }, training: { perDeviceTrainBatchSize: 8 } });
    const { launcher } = splitAt(result.commands[1]!.argv, 'llava/train/train_mem.py');
    expectKnown(flagNames(launcher), flags.deepspeedLauncher, 'the deepspeed launcher');
    expect(launcher).toContain('--no_ssh');
    expect(flagValues(launcher)).toMatchObject({ num_nodes: '2', num_gpus: '8', node_rank: '1', master_addr: '10.0.0.1', master_port: '29500' });
    expect(result.commands[1]!.env).toEqual({ MASTER_ADDR: '10.0.0.1', MASTER_PORT: '29500' });
  });

  it('refuse several nodes without the first node address, naming the setting', () => {
    expect(() => plan({ cluster: { nodes: 2 } })).toThrowError(TrainConfigError);
    try {
      plan({ cluster: { nodes: 2 } });
    } catch (error) {
      expect((error as TrainConfigError).setting).toBe('cluster.masterAddr');
      expect((error as TrainConfigError).toLine()).toMatch(/Fix: set cluster\.masterAddr/);
    }
  });

  it('resume by themselves from the output folder, and refuse a checkpoint elsewhere', () => {
    const result = plan({}, '/runs/llava-coco/checkpoint-500');
    expect(result.resumeFrom).toBe('/runs/llava-coco/checkpoint-500');
    expect(result.commands[0]!.argv.join(' ')).not.toMatch(/resume/);
    expect(result.notes.join(' ')).toMatch(/resumes by itself/);
    expect(() => plan({}, '/elsewhere/checkpoint-500')).toThrowError(/resumes only from a checkpoint-N folder inside/);
  });

  it('prints as one shell line per node', () => {
    const line = formatCommand(plan({ cluster: { nodes: 2, masterAddr: "host with 'quote'", rendezvous: 'static' }, training: { perDeviceTrainBatchSize: 8 } }).commands[1]!);
    expect(line.startsWith('cd . && torchrun --nnodes 2')).toBe(true);
    expect(line).toContain(`--master_addr 'host with '\\''quote'\\'''`);
  });
});

/** The one line the command line would print for the error `run` throws. */
function errorLine(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(TrainConfigError.isInstance(error)).toBe(true);
    return (error as TrainConfigError).toLine();
  }
  throw new Error('expected an error');
}

describe('batch arithmetic', () => {
  it('derives the accumulation steps and checks given ones', () => {
    expect(resolveBatch({ globalBatchSize: 128, perDeviceTrainBatchSize: 4, devices: 8 }).gradientAccumulationSteps).toBe(4);
    expect(resolveBatch({ globalBatchSize: 128, perDeviceTrainBatchSize: 4, gradientAccumulationSteps: 4, devices: 8 }).gradientAccumulationSteps).toBe(4);
  });

  it('names the setting to change when the numbers do not multiply to the global batch', () => {
    expect(errorLine(() => plan({ training: { gradientAccumulationSteps: 2 } }))).toBe(
      'training.gradientAccumulationSteps: 16 per device × 8 devices × 2 accumulation steps = 256, not the global batch of 128. Fix: set it to 1, or leave it out to derive it (or change training.globalBatchSize to 256)',
    );
    expect(errorLine(() => plan({ training: { perDeviceTrainBatchSize: 12 } }))).toBe(
      'training.perDeviceTrainBatchSize: 12 per device × 8 devices = 96 does not divide the global batch of 128. Fix: choose a per-device batch from 1, 2, 4, 8, 16, or change training.globalBatchSize to a multiple of 96',
    );
    expect(errorLine(() => plan({ cluster: { gpusPerNode: 3 } }))).toBe(
      'training.globalBatchSize: a global batch of 128 cannot be shared evenly by 3 devices. Fix: choose a multiple of 3 (e.g. 126 or 129), or another device count (cluster.gpusPerNode, cluster.nodes)',
    );
  });
});

describe('LLaMA-Factory plans', () => {
  const yamlKeys = [
    ...flags.llamaFactory.dataArguments,
    ...flags.llamaFactory.modelArguments,
    ...flags.llamaFactory.finetuningArguments,
    ...flags.llamaFactory.trainingArguments,
    ...huggingFace,
  ];
  const python = pythonWith('yaml');

  /** The YAML as LLaMA-Factory reads it: PyYAML's safe_load. */
  function loadYaml(text: string): Record<string, unknown> {
    const result = spawnSync(python!, ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: text, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  it('run `llamafactory-cli train <yaml>` with keys LLaMA-Factory defines, typed as PyYAML reads them', () => {
    const result = plan({ trainer: 'llama-factory', data: { folder: '/data/lf', name: 'coco_all' } });
    const command = result.commands[0]!;
    expect(command.argv).toEqual(['llamafactory-cli', 'train', '/runs/llava-coco-plan/llama-factory.yaml']);
    const yamlFile = result.files.find((file) => file.path === '/runs/llava-coco-plan/llama-factory.yaml')!;
    expect(python, 'a Python with PyYAML to read the YAML as LLaMA-Factory does').toBeDefined();
    const yaml = loadYaml(yamlFile.contents);
    expectKnown(Object.keys(yaml), yamlKeys, 'LLaMA-Factory (its argument dataclasses and the Trainer)');
    expect(yaml).toMatchObject({
      model_name_or_path: 'llava-hf/llava-1.5-7b-hf',
      stage: 'sft',
      do_train: true,
      finetuning_type: 'full',
      freeze_vision_tower: true,
      deepspeed: '/runs/llava-coco-plan/deepspeed-zero3.json',
      dataset: 'coco_all',
      dataset_dir: '/data/lf',
      media_dir: '/data/lf/images',
      template: 'llava',
      cutoff_len: 2048,
      per_device_train_batch_size: 16,
      gradient_accumulation_steps: 1,
      learning_rate: 2e-5,
      num_train_epochs: 1,
      lr_scheduler_type: 'cosine',
      warmup_ratio: 0.03,
      bf16: true,
      output_dir: '/runs/llava-coco',
    });
    expect(typeof yaml.learning_rate).toBe('number');
    expect(yaml).not.toHaveProperty('resume_from_checkpoint');
  });

  it('drive its torchrun launch through the environment on one node, and on several', () => {
    const single = plan({ trainer: 'llama-factory', cluster: { gpusPerNode: 1 } });
    expect(single.commands[0]!.env).toEqual({ FORCE_TORCHRUN: '1', NNODES: '1', NPROC_PER_NODE: '1', MASTER_PORT: '29500' });

    const c10d = plan({ trainer: 'llama-factory', cluster: { nodes: 2, masterAddr: '10.0.0.1' }, training: { perDeviceTrainBatchSize: 8 } });
    expect(c10d.commands.map((command) => command.env)).toEqual([
      { FORCE_TORCHRUN: '1', NNODES: '2', NPROC_PER_NODE: '8', MASTER_PORT: '29500', MASTER_ADDR: '10.0.0.1', RDZV_ID: 'vift' },
      { FORCE_TORCHRUN: '1', NNODES: '2', NPROC_PER_NODE: '8', MASTER_PORT: '29500', MASTER_ADDR: '10.0.0.1', RDZV_ID: 'vift' },
    ]);
    const staticRanks = plan({ trainer: 'llama-factory', cluster: { nodes: 2, masterAddr: '10.0.0.1', rendezvous: 'static' }, training: { perDeviceTrainBatchSize: 8 } });
    expect(staticRanks.commands.map((command) => command.env.NODE_RANK)).toEqual(['0', '1']);
    for (const command of [...c10d.commands, ...staticRanks.commands]) expectKnown(Object.keys(command.env), flags.llamaFactory.launcherEnvironment, "LLaMA-Factory's launcher");
  });

  it('resume from the checkpoint given, and turn gradient checkpointing off only by its own switch', () => {
    const result = plan({ trainer: 'llama-factory', training: { gradientCheckpointing: false, maxSteps: 10, learningRate: 1e-7 } }, '/runs/llava-coco/checkpoint-20');
    const yaml = loadYaml(result.files.find((file) => file.path.endsWith('.yaml'))!.contents);
    expect(yaml.resume_from_checkpoint).toBe('/runs/llava-coco/checkpoint-20');
    expect(yaml.disable_gradient_checkpointing).toBe(true);
    expect(yaml.max_steps).toBe(10);
    expect(yaml.learning_rate).toBe(1e-7);
  });
});

describe('TRL sft_vlm.py plans', () => {
  const trlKnown = [...flags.trl.scriptArguments, ...flags.trl.modelConfig, ...flags.trl.sftConfig, ...huggingFace];

  it('launch sft_vlm.py with accelerate and DeepSpeed on one node', () => {
    const result = plan({ trainer: 'trl' });
    const command = result.commands[0]!;
    const { launcher, script } = splitAt(command.argv, 'examples/scripts/sft_vlm.py');
    expect(launcher.slice(0, 2)).toEqual(['accelerate', 'launch']);
    expectKnown(flagNames(launcher), flags.accelerateLaunch, 'accelerate launch');
    expect(flagValues(launcher)).toMatchObject({ num_processes: '8', num_machines: '1', deepspeed_config_file: '/runs/llava-coco-plan/deepspeed-zero3.json', zero3_init_flag: 'true' });
    expect(launcher).toContain('--use_deepspeed');
    // accelerate refuses precision next to a DeepSpeed file: it comes from the file ("auto") and --bf16.
    expect(launcher).not.toContain('--mixed_precision');
    expectKnown(flagNames(script), trlKnown, 'sft_vlm.py (ScriptArguments, SFTConfig, ModelConfig)');
    expect(flagValues(script)).toMatchObject({
      dataset_name: '/data/export',
      model_name_or_path: 'llava-hf/llava-1.5-7b-hf',
      dtype: 'bfloat16',
      per_device_train_batch_size: '16',
      gradient_accumulation_steps: '1',
      learning_rate: '2e-5',
      warmup_steps: '0.03',
      bf16: 'true',
      gradient_checkpointing: 'true',
    });
    expect(script).not.toContain('--max_length');
    expect(result.notes.join(' ')).toMatch(/max_length to None/);
  });

  it('count processes over all machines on several nodes, and use --warmup_ratio with transformers 4', () => {
    const result = plan({ trainer: 'trl', cluster: { nodes: 2, masterAddr: '10.0.0.1' }, training: { perDeviceTrainBatchSize: 4, deepspeed: 'none' }, trl: { transformersMajor: 4 } });
    const { launcher, script } = splitAt(result.commands[1]!.argv, 'examples/scripts/sft_vlm.py');
    expectKnown(flagNames(launcher), flags.accelerateLaunch, 'accelerate launch');
    expect(flagValues(launcher)).toMatchObject({ num_processes: '16', num_machines: '2', machine_rank: '1', main_process_ip: '10.0.0.1', main_process_port: '29500', mixed_precision: 'bf16' });
    expect(launcher).toContain('--multi_gpu');
    expect(result.commands[1]!.env).toEqual({ MASTER_ADDR: '10.0.0.1', MASTER_PORT: '29500' });
    expect(flagValues(script).warmup_ratio).toBe('0.03');
    expect(flagValues(script).gradient_accumulation_steps).toBe('2');
  });

  it('refuse to resume, since the script cannot', () => {
    expect(() => plan({ trainer: 'trl' }, '/runs/llava-coco/checkpoint-5')).toThrowError(/cannot resume/);
  });
});

describe('reference trainer plans', () => {
  const python = pythonWith('torch');

  it('run one process on one device and torchrun on several, with flags the trainer defines', () => {
    const single = plan({ trainer: 'reference', cluster: { gpusPerNode: 1 }, reference: { packageDir: referenceTrainerDir } }, '/runs/llava-coco/checkpoint-7');
    const command = single.commands[0]!;
    expect(command.argv.slice(0, 4)).toEqual(['python3', '-m', 'vift_trainer', 'train']);
    expect(command.env).toEqual({ PYTHONPATH: referenceTrainerDir });
    expect(command.argv).toContain('--resume');
    expect(command.argv).toContain('--bf16');
    expect(flagValues(command.argv)).toMatchObject({ data: '/data/export/data.json', 'image-folder': '/data/export/images', 'gradient-accumulation-steps': '8', 'output-dir': '/runs/llava-coco' });

    // The trainer's own --help is the list of what it accepts.
    expect(python, 'a Python with PyTorch to run the reference trainer').toBeDefined();
    const help = spawnSync(python!, ['-m', 'vift_trainer', 'train', '--help'], { env: { ...process.env, PYTHONPATH: referenceTrainerDir }, encoding: 'utf8' });
    expect(help.status).toBe(0);
    const known = [...help.stdout.matchAll(/--([a-z][a-z0-9-]*)/g)].map((match) => match[1]!);
    expectKnown(flagNames(command.argv.slice(4)), known, 'the reference trainer');

    const several = plan({ trainer: 'reference', cluster: { gpusPerNode: 2 }, reference: { packageDir: referenceTrainerDir } });
    const { launcher, script } = splitAt(several.commands[0]!.argv, '-m');
    expect(launcher).toEqual(['torchrun', '--nnodes', '1', '--nproc_per_node', '2', '--standalone']);
    expectKnown(flagNames(launcher), flags.torchrun, 'torchrun');
    expect(script.slice(0, 2)).toEqual(['vift_trainer', 'train']);
    expect(flags.torchrun).toContain('module');
  });
});
