import type { BatchPlan } from './batch-arithmetic.js';
import type { ExportKind } from './export-layout.js';
import type { TrainConfig, TrainerId } from './train-config.js';
import type { LogStyle, NodeCommand, PlanFile } from './training-plan.js';

/** What a trainer's plan is made from: the checked config and the files the planner writes for every trainer. */
export type PlanContext = {
  config: TrainConfig;
  batch: BatchPlan;
  /** The model to start from (the config's, or the trainer's default). */
  model: string;
  planDir: string;
  /** The DeepSpeed JSON's path, when the config uses DeepSpeed. */
  deepspeedFile: string | undefined;
  /** The checkpoint to resume from, when resuming. */
  resumeFrom: string | undefined;
};

/**
 * A trainer vift can plan a run for: the export it reads, how it is launched on one node and on several,
 * how it resumes, and how it logs. Plain objects made by `createXTrainer()`.
 */
export type TrainerAdapter = {
  readonly specificationVersion: 'v1';
  readonly id: TrainerId;
  readonly label: string;
  readonly exportKind: ExportKind;
  readonly logStyle: LogStyle;
  /**
   * "argument": the plan passes the checkpoint's path; "flag": the plan passes a flag and the trainer takes
   * the newest `checkpoint-N` of its output folder; "automatic": the trainer does that by itself;
   * "unsupported": it cannot resume.
   */
  readonly resume: 'argument' | 'flag' | 'automatic' | 'unsupported';
  /** The command node `nodeRank` runs. */
  command(context: PlanContext, nodeRank: number): NodeCommand;
  /** Files the command reads besides the DeepSpeed JSON. */
  files(context: PlanContext): PlanFile[];
  notes(context: PlanContext): string[];
};

/** `--flag value` pairs, flattened, leaving out pairs whose value is undefined. */
export function flagPairs(pairs: ReadonlyArray<readonly [string, string | undefined]>): string[] {
  return pairs.flatMap(([flag, value]) => (value === undefined ? [] : [flag, value]));
}
