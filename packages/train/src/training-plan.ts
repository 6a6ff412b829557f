import type { BatchPlan } from './batch-arithmetic.js';
import type { TrainerId } from './train-config.js';

/** One process to start on one node: what `spawn(argv[0], argv.slice(1), { env, cwd })` runs. */
export type NodeCommand = {
  nodeRank: number;
  argv: string[];
  /** Variables to add to the environment (the rest is inherited). */
  env: Record<string, string>;
  /** The folder to run in; undefined: anywhere (every path in the command is as the config gave it). */
  cwd: string | undefined;
};

/** A file the command reads, written by `writePlanFiles` before the run. */
export type PlanFile = { path: string; contents: string; description: string };

/** How a trainer reports progress on its output. */
export type LogStyle = 'json-lines' | 'hugging-face';

export type TrainingPlan = {
  trainer: TrainerId;
  batch: BatchPlan;
  nodes: number;
  gpusPerNode: number;
  /** The folder of the plan's files (and of a run's log). */
  planDir: string;
  /** One command per node, by rank. */
  commands: NodeCommand[];
  files: PlanFile[];
  /** The DeepSpeed JSON the commands name, when DeepSpeed is used. */
  deepspeedConfig: Record<string, unknown> | undefined;
  /** The checkpoint the run resumes from, when it resumes. */
  resumeFrom: string | undefined;
  logStyle: LogStyle;
  /** Things to know before running: what the trainer does by itself, what it ignores. */
  notes: string[];
};
