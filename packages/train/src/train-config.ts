import { z } from 'zod';
import { TrainConfigError } from './train-config-error.js';

export const trainerIds = ['llava', 'llama-factory', 'trl', 'reference'] as const;
export type TrainerId = (typeof trainerIds)[number];

const positiveInteger = z.number().int().positive();

// The model side of LLaVA-1.5's stage-2 fine-tuning (scripts/v1_5/finetune.sh of haotian-liu/LLaVA).
const modelSchema = z.strictObject({
  /** The language model or checkpoint to start from; each trainer has its own default (see `defaultModelOf`). */
  nameOrPath: z.string().min(1).optional(),
  /** LLaVA's conversation template (`--version`). */
  version: z.string().min(1).default('v1'),
  visionTower: z.string().min(1).default('openai/clip-vit-large-patch14-336'),
  /** The projector from stage 1 (`--pretrain_mm_mlp_adapter`); without it LLaVA starts from a random projector. */
  pretrainMmMlpAdapter: z.string().min(1).optional(),
  mmProjectorType: z.string().min(1).default('mlp2x_gelu'),
  mmVisionSelectLayer: z.number().int().default(-2),
  mmUseImStartEnd: z.boolean().default(false),
  mmUseImPatchToken: z.boolean().default(false),
  imageAspectRatio: z.enum(['pad', 'square']).default('pad'),
  /** The vision tower's input size and patch size: (336 / 14)² = 576 image tokens for LLaVA-1.5. */
  imageSize: positiveInteger.default(336),
  patchSize: positiveInteger.default(14),
});

const trainingSchema = z.strictObject({
  learningRate: z.number().positive().default(2e-5),
  numTrainEpochs: z.number().positive().default(1),
  /** Stops after this many optimizer steps (overrides the epochs). */
  maxSteps: positiveInteger.optional(),
  /** per-device × devices × accumulation must equal it. */
  globalBatchSize: positiveInteger.default(128),
  perDeviceTrainBatchSize: positiveInteger.default(16),
  /** Derived from the global batch when left out. */
  gradientAccumulationSteps: positiveInteger.optional(),
  perDeviceEvalBatchSize: positiveInteger.default(4),
  modelMaxLength: positiveInteger.default(2048),
  warmupRatio: z.number().min(0).max(1).default(0.03),
  lrSchedulerType: z.string().min(1).default('cosine'),
  weightDecay: z.number().min(0).default(0),
  bf16: z.boolean().default(true),
  tf32: z.boolean().default(true),
  gradientCheckpointing: z.boolean().default(true),
  deepspeed: z.enum(['zero3', 'zero2', 'none']).default('zero3'),
  groupByModalityLength: z.boolean().default(true),
  lazyPreprocess: z.boolean().default(true),
  saveSteps: positiveInteger.default(50000),
  saveTotalLimit: positiveInteger.default(1),
  loggingSteps: positiveInteger.default(1),
  dataloaderNumWorkers: z.number().int().min(0).default(4),
  seed: z.number().int().min(0).default(42),
  /** finetune.sh reports to wandb; "none" here so that a run never waits for a login. */
  reportTo: z.string().min(1).default('none'),
});

const clusterSchema = z.strictObject({
  nodes: positiveInteger.default(1),
  gpusPerNode: positiveInteger.default(8),
  /** The first node's address, reachable from every node; needed for more than one node. */
  masterAddr: z.string().min(1).optional(),
  masterPort: z.number().int().min(1).max(65535).default(29500),
  /**
   * torchrun on several nodes: "c10d" (one command for every node, `--rdzv_backend c10d`) or "static"
   * (`--node_rank` and `--master_addr`, one command per node).
   */
  rendezvous: z.enum(['c10d', 'static']).default('c10d'),
  rendezvousId: z.string().min(1).default('vift'),
});

const llavaSchema = z.strictObject({
  /** The LLaVA checkout the command runs in (its `llava` package must be importable from there). */
  repository: z.string().min(1).default('.'),
  script: z.string().min(1).default('llava/train/train_mem.py'),
  /** finetune.sh uses the deepspeed launcher; torchrun is used on several nodes unless this says otherwise. */
  launcher: z.enum(['deepspeed', 'torchrun']).optional(),
});

const llamaFactorySchema = z.strictObject({
  command: z.string().min(1).default('llamafactory-cli'),
  /** LLaMA-Factory's chat template of the model ("llava" for llava-hf/llava-1.5-*-hf). */
  template: z.string().min(1).default('llava'),
  freezeVisionTower: z.boolean().default(true),
  freezeMultiModalProjector: z.boolean().default(false),
});

const trlSchema = z.strictObject({
  /** The TRL checkout the command runs in. */
  repository: z.string().min(1).default('.'),
  script: z.string().min(1).default('examples/scripts/sft_vlm.py'),
  /**
   * The major version of transformers TRL runs on. From 5 the warmup ratio is passed as a fraction to
   * `--warmup_steps` (`--warmup_ratio` is deprecated there and removed in 5.2); 4 passes `--warmup_ratio`.
   */
  transformersMajor: z.union([z.literal(4), z.literal(5)]).default(5),
});

const referenceSchema = z.strictObject({
  python: z.string().min(1).default('python3'),
  /** The folder holding the `vift_trainer` package (`packages/train/python`). */
  packageDir: z.string().min(1).default('packages/train/python'),
});

export const trainConfigSchema = z.strictObject({
  trainer: z.enum(trainerIds).default('llava'),
  /** The folder `exportForTrainer` wrote for this trainer. */
  data: z.strictObject({
    folder: z.string().min(1),
    /** The dataset's name (LLaMA-Factory's `dataset`, the ShareGPT file's name). */
    name: z
      .string()
      .regex(/^[\w.-]+$/, 'letters, digits, "_", "-" and "." only')
      .default('vift'),
  }),
  outputDir: z.string().min(1),
  /** Where the plan's files (DeepSpeed JSON, LLaMA-Factory YAML) go; default `<outputDir>-plan`, beside the output. */
  planDir: z.string().min(1).optional(),
  model: modelSchema.prefault({}),
  training: trainingSchema.prefault({}),
  cluster: clusterSchema.prefault({}),
  llava: llavaSchema.prefault({}),
  llamaFactory: llamaFactorySchema.prefault({}),
  trl: trlSchema.prefault({}),
  reference: referenceSchema.prefault({}),
});

/** A training config with every default filled in. */
export type TrainConfig = z.output<typeof trainConfigSchema>;
/** A training config as written by hand: only `data.folder` and `outputDir` are required. */
export type TrainConfigInput = z.input<typeof trainConfigSchema>;

/**
 * Checks a config and fills in LLaVA-1.5's stage-2 defaults (lr 2e-5, one epoch, global batch 128 as 16 per
 * device on 8 GPUs, max length 2048, warmup 0.03, cosine, bf16, tf32, gradient checkpointing, ZeRO-3).
 * Throws a `TrainConfigError` naming the first wrong setting.
 */
export function parseTrainConfig(input: unknown, options: { file?: string } = {}): TrainConfig {
  const parsed = trainConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const setting = issue.path.length === 0 ? '(config)' : issue.path.map(String).join('.');
  throw new TrainConfigError({
    setting,
    message: issue.message,
    fix: issue.code === 'unrecognized_keys' ? 'remove or rename the key (see `vift train config` for every setting)' : 'correct the value (see `vift train config` for every setting and its default)',
    file: options.file,
  });
}

const defaultModels: Record<TrainerId, string> = {
  // LLaVA's stage 2 starts from the language model plus the stage-1 projector.
  llava: 'lmsys/vicuna-7b-v1.5',
  // Hugging Face's conversion of LLaVA-1.5, which LLaMA-Factory and TRL load.
  'llama-factory': 'llava-hf/llava-1.5-7b-hf',
  trl: 'llava-hf/llava-1.5-7b-hf',
  reference: 'vift-tiny',
};

/** The model a trainer starts from when the config names none. */
export function defaultModelOf(trainer: TrainerId): string {
  return defaultModels[trainer];
}
