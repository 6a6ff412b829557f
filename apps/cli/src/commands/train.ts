import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  TrainConfigError,
  TrainingRunError,
  createTrainer,
  formatCommand,
  planTraining,
  trainConfigSchema,
  trainerIds,
  type TrainConfig,
  type TrainerId,
  type TrainingPlan,
  type DryRunReport,
} from '@vift/train';
import {
  createTrainingProgress,
  discoverGpus,
  dryRunDataset,
  exportForTrainer,
  findLastCheckpoint,
  loadTrainConfig,
  referenceTrainerDir,
  startTraining,
  writePlanFiles,
  type ConfigOverrides,
  type ImageStaging,
} from '@vift/train/node';
import { ViftError } from '@vift/schema';
import { parseOnInvalid, parsePositiveNumber, progressEnabled } from '../cli-options.js';
import { formatCount } from '../progress.js';

function parseTrainer(value: string): TrainerId {
  if ((trainerIds as readonly string[]).includes(value)) return value as TrainerId;
  throw new InvalidArgumentError(`unknown trainer "${value}". Fix: use one of ${trainerIds.join(', ')}`);
}

function parseImages(value: string): ImageStaging {
  if (value === 'symlink' || value === 'copy') return value;
  throw new InvalidArgumentError(`unknown image mode "${value}". Fix: use "symlink" (links to the originals) or "copy"`);
}

function parseInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number. Fix: give e.g. 0, 1 or 8');
  return number;
}

function parseGpus(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const number = parseInteger(value);
  if (number === 0) throw new InvalidArgumentError('expected at least 1 GPU. Fix: give a count, or "auto" for the GPUs nvidia-smi lists');
  return number;
}

type ClusterOptions = {
  trainer?: TrainerId;
  nodes?: number;
  gpusPerNode?: number | 'auto';
  masterAddr?: string;
  masterPort?: number;
  rendezvous?: 'c10d' | 'static';
  python?: string;
};

function withClusterOptions(command: Command): Command {
  return command
    .addOption(new Option('--trainer <trainer>', `the trainer, instead of the config's: ${trainerIds.join(', ')}`).argParser(parseTrainer))
    .addOption(new Option('--nodes <n>', 'number of machines').argParser(parseInteger))
    .addOption(new Option('--gpus-per-node <n|auto>', 'GPUs on each machine; "auto": as many as nvidia-smi lists here').argParser(parseGpus))
    .option('--master-addr <host>', 'address of the first machine (several nodes)')
    .addOption(new Option('--master-port <port>', 'port on the first machine').argParser(parseInteger))
    .addOption(new Option('--rendezvous <kind>', 'torchrun on several nodes: c10d (one command for all) or static (--node_rank)').choices(['c10d', 'static']))
    .option('--python <executable>', 'the Python interpreter of the reference trainer');
}

async function overridesOf(options: ClusterOptions): Promise<ConfigOverrides> {
  let gpusPerNode = options.gpusPerNode;
  if (gpusPerNode === 'auto') {
    const gpus = await discoverGpus();
    if (gpus.length === 0) throw new ViftError({ message: '--gpus-per-node auto: nvidia-smi lists no GPU on this machine', fix: 'give the number of GPUs of each node, or run on a machine with NVIDIA GPUs' });
    gpusPerNode = gpus.length;
  }
  const cluster = { nodes: options.nodes, gpusPerNode, masterAddr: options.masterAddr, masterPort: options.masterPort, rendezvous: options.rendezvous };
  return {
    trainer: options.trainer,
    cluster: Object.fromEntries(Object.entries(cluster).filter(([, value]) => value !== undefined)),
    ...(options.python === undefined ? {} : { reference: { python: options.python } }),
  };
}

async function resumePoint(config: TrainConfig, resume: boolean | undefined): Promise<string | undefined> {
  if (resume !== true) return undefined;
  const last = await findLastCheckpoint(config.outputDir);
  if (last === undefined) process.stderr.write(`no checkpoint-N folder in ${config.outputDir}: starting from the beginning\n`);
  return last?.path;
}

function planText(plan: TrainingPlan): string {
  const { batch } = plan;
  const lines = [
    `trainer: ${createTrainer(plan.trainer).label}`,
    `batch: ${batch.perDeviceTrainBatchSize} per device × ${batch.devices} devices × ${batch.gradientAccumulationSteps} accumulation = ${batch.globalBatchSize}`,
  ];
  if (plan.resumeFrom !== undefined) lines.push(`resume from: ${plan.resumeFrom}`);
  if (plan.files.length > 0) lines.push('files:', ...plan.files.map((file) => `  ${file.path} (${file.description})`));
  for (const command of plan.commands) lines.push(plan.commands.length === 1 ? 'command:' : `node ${command.nodeRank}:`, `  ${formatCommand(command)}`);
  if (plan.notes.length > 0) lines.push('notes:', ...plan.notes.map((note) => `  - ${note}`));
  return `${lines.join('\n')}\n`;
}

function dryRunText(report: DryRunReport & { input: string }): string {
  const lines = report.findings.map((finding) => {
    const turn = finding.turnIndex === undefined ? '' : `, turn ${finding.turnIndex}`;
    const id = finding.sampleId === null ? '' : ` (id ${JSON.stringify(finding.sampleId)})`;
    return `${finding.severity}: record ${finding.index}${id}${turn}: ${finding.code}: ${finding.message}. Fix: ${finding.fix}`;
  });
  const counts = Object.entries(report.countsByCode).map(([code, count]) => `${code} ${formatCount(count)}`);
  lines.push(
    `${report.input}: ${formatCount(report.samples)} samples for ${report.trainer}: ${formatCount(report.errors)} errors in ${formatCount(report.failing)} samples, ${formatCount(report.warnings)} warnings${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`,
    `images: ${formatCount(report.modality.withImages)} samples with images, ${formatCount(report.modality.textOnly)} text-only; ${report.tokens.imageTokens} tokens an image; longest sample about ${formatCount(report.tokens.longest)} tokens${report.tokens.maxLength === undefined ? '' : `, ${formatCount(report.tokens.overMaxLength)} over ${report.tokens.maxLength}`}`,
    ...report.notes.map((note) => `note: ${note}`),
  );
  if (report.findings.length < report.errors + report.warnings) lines.push(`(${formatCount(report.findings.length)} of ${formatCount(report.errors + report.warnings)} findings shown; raise --max-findings to see more)`);
  return `${lines.join('\n')}\n`;
}

export function trainCommand(): Command {
  const train = new Command('train').description(
    'train on a dataset: export it for LLaVA, LLaMA-Factory or TRL, plan the exact launch commands (one GPU, several, several nodes), check it with a dry run, and run the trainer with live progress',
  );

  train
    .command('export')
    .description('write a dataset in the layout a trainer reads: llava (data.json + images/), llama-factory (ShareGPT + dataset_info.json + images/), trl (Parquet with content parts and image bytes)')
    .argument('<dataset>', 'a dataset file or Parquet folder in any format vift reads')
    .addOption(new Option('--trainer <trainer>', `the trainer to export for: ${trainerIds.join(', ')} (reference reads the llava export)`).argParser(parseTrainer).makeOptionMandatory())
    .requiredOption('--out <folder>', 'the folder to write (created when missing)')
    .option('--image-root <folder>', "the folder the dataset's image paths are relative to (default: the dataset file's folder)")
    .addOption(new Option('--images <mode>', 'how images reach <out>/images: symlink (default) or copy').argParser(parseImages))
    .option('--name <name>', 'the dataset name for LLaMA-Factory (its dataset_info.json entry and file name)', 'vift')
    .addOption(new Option('--on-invalid <mode>', '"error" (default): stop at the first invalid record, writing nothing; "skip": write it to <out>/rejects.jsonl').argParser(parseOnInvalid))
    .option('--json', 'print the summary as JSON')
    .action(async (input: string, options: { trainer: TrainerId; out: string; imageRoot?: string; images?: ImageStaging; name: string; onInvalid?: 'error' | 'skip'; json?: boolean }) => {
      const summary = await exportForTrainer({ target: options.trainer, input, output: options.out, imageRoot: options.imageRoot, images: options.images, name: options.name, onInvalid: options.onInvalid });
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      const lines = [
        `${summary.kind} export: ${formatCount(summary.written)} samples written${summary.rejected > 0 ? `, ${formatCount(summary.rejected)} rejected (${summary.rejectsPath})` : ''}`,
        `files: ${summary.files.join(', ')}`,
        ...(summary.imageFolder === undefined ? [] : [`images: ${summary.imageFolder}`]),
        ...(summary.multiImageSamples > 0 ? [`${formatCount(summary.multiImageSamples)} samples have several images (LLaVA-1.5's train.py reads one)`] : []),
        `training config: "data": ${JSON.stringify(summary.data)}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  train
    .command('config')
    .description("print a training config with every default filled in (LLaVA-1.5's stage-2 settings): save it, edit it, pass it to --config")
    .addOption(new Option('--trainer <trainer>', `the trainer: ${trainerIds.join(', ')}`).argParser(parseTrainer))
    .option('--data <folder>', 'the export folder', 'export')
    .option('--output-dir <folder>', 'where the trainer writes checkpoints', 'output')
    .action((options: { trainer?: TrainerId; data: string; outputDir: string }) => {
      const config = trainConfigSchema.parse({ trainer: options.trainer ?? 'llava', data: { folder: options.data }, outputDir: options.outputDir, reference: { packageDir: referenceTrainerDir } });
      process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    });

  withClusterOptions(
    train
      .command('plan')
      .description('print the exact commands (argv and environment for every node) and the files (DeepSpeed JSON, LLaMA-Factory YAML) of a training run; checks the batch arithmetic')
      .requiredOption('--config <file>', 'a training config (JSON; `vift train config` prints one)')
      .option('--resume', 'resume from the checkpoint-N with the highest N in the output folder'),
  )
    .option('--write', 'also write the files the commands read')
    .option('--json', 'print the plan as JSON')
    .action(async (options: ClusterOptions & { config: string; resume?: boolean; write?: boolean; json?: boolean }) => {
      const config = await loadTrainConfig(options.config, await overridesOf(options));
      const plan = planTraining({ config, resumeFrom: await resumePoint(config, options.resume) });
      if (options.write === true) await writePlanFiles(plan);
      process.stdout.write(options.json === true ? `${JSON.stringify(plan, null, 2)}\n` : planText(plan));
    });

  train
    .command('dry-run')
    .description('check a dataset against a training config before any GPU time: placeholders against images, empty answers, truncation that would cut image tokens, what the trainer refuses; exits 1 on errors')
    .argument('<dataset>', 'a dataset file or Parquet folder in any format vift reads (or the export)')
    .requiredOption('--config <file>', 'a training config (JSON)')
    .addOption(new Option('--trainer <trainer>', "the trainer, instead of the config's").argParser(parseTrainer))
    .option('--image-root <folder>', 'also check that every image file exists under this folder')
    .addOption(new Option('--max-findings <n>', 'findings to list (default 1000; the counts cover all)').argParser(parsePositiveNumber))
    .option('--json', 'print the report as JSON')
    .action(async (input: string, options: { config: string; trainer?: TrainerId; imageRoot?: string; maxFindings?: number; json?: boolean }) => {
      const config = await loadTrainConfig(options.config, { trainer: options.trainer });
      const report = await dryRunDataset({ input, config, imageRoot: options.imageRoot, maxFindings: options.maxFindings });
      process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : dryRunText(report));
      if (report.errors > 0) process.exitCode = 1;
    });

  withClusterOptions(
    train
      .command('run')
      .description("run this node's command of the plan: writes the plan's files, streams the trainer's output as progress (a bar on a terminal), forwards Ctrl-C to the trainer and waits for it")
      .requiredOption('--config <file>', 'a training config (JSON)')
      .option('--resume', 'resume from the checkpoint-N with the highest N in the output folder'),
  )
    .addOption(new Option('--node-rank <rank>', 'which node this is (0 for the first); default 0').argParser(parseInteger))
    .option('--log <file>', "where the trainer's whole output goes (default: <planDir>/train-node<rank>.log)")
    .option('--json', 'print the events as JSON lines on stdout')
    .option('--quiet', "no progress bar and no trainer output on stderr")
    .action(async (options: ClusterOptions & { config: string; resume?: boolean; nodeRank?: number; log?: string; json?: boolean; quiet?: boolean }) => {
      const config = await loadTrainConfig(options.config, await overridesOf(options));
      const plan = planTraining({ config, resumeFrom: await resumePoint(config, options.resume) });
      const rank = options.nodeRank ?? 0;
      const command = plan.commands[rank];
      if (command === undefined) {
        throw new TrainConfigError({ setting: 'cluster.nodes', message: `--node-rank ${rank} but the plan has ${plan.commands.length} node(s)`, fix: `give a rank from 0 to ${plan.commands.length - 1}, or set --nodes` });
      }
      await writePlanFiles(plan);
      const logFile = resolve(options.log ?? `${plan.planDir}/train-node${rank}.log`);
      await mkdir(dirname(logFile), { recursive: true });
      const log = createWriteStream(logFile);
      const showBar = progressEnabled(options.quiet);
      const progress = createTrainingProgress({ stream: process.stderr, enabled: showBar });
      // Without a bar (a pipe, CI), the trainer's own output goes to stderr as it comes.
      const echo = !showBar && options.quiet !== true;

      const run = startTraining({
        command,
        onLine: (line) => {
          log.write(`${line}\n`);
          if (echo) process.stderr.write(`${line}\n`);
        },
        onEvent: (event) => {
          if (options.json === true) process.stdout.write(`${JSON.stringify(event)}\n`);
          progress.event(event);
        },
      });
      // Every Ctrl-C goes to the trainer (the second one tells launchers to stop at once); vift waits for it.
      let presses = 0;
      const interrupt = () => {
        presses++;
        process.exitCode = 130;
        const note = 'stopping: the trainer finishes what it is writing, then exits (Ctrl-C again to stop it at once)';
        if (presses === 1 && options.quiet !== true) {
          if (showBar) progress.log(note);
          else process.stderr.write(`${note}\n`);
        }
        run.interrupt('SIGINT');
      };
      process.on('SIGINT', interrupt).on('SIGTERM', interrupt);
      const result = await run.result.finally(() => {
        process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
        progress.done();
      });
      await new Promise((done) => log.end(done));

      if (result.interrupted) {
        process.exitCode = 130;
        throw new ViftError({ name: 'InterruptedError', message: `interrupted: the trainer stopped${result.lastCheckpoint === undefined ? '' : ` (last checkpoint ${result.lastCheckpoint.path})`}`, fix: 'run again with --resume to continue from the last checkpoint' });
      }
      if (result.error !== undefined) {
        // On a terminal only the bar was shown: the trainer's last words come before the error line.
        if (!echo && options.quiet !== true && result.error.lastStderr.length > 0) process.stderr.write(`${result.error.lastStderr.join('\n')}\n`);
        process.stderr.write(`the whole output is in ${logFile}\n`);
        throw new TrainingRunError(result.error);
      }
      if (options.json !== true) {
        const end = result.end?.metrics;
        const loss = end?.train_loss ?? result.lastStep?.loss;
        process.stdout.write(`training finished${result.lastStep?.step === undefined ? '' : ` at step ${result.lastStep.step}`}${loss === undefined ? '' : `, loss ${loss}`}${result.lastCheckpoint === undefined ? '' : `; last checkpoint ${result.lastCheckpoint.path}`}\n`);
      }
    });

  for (const command of train.commands) withNestedUsageErrors(command);
  return train;
}

/**
 * The one-line usage errors of the other commands, for `vift train <command>` (program.ts wraps only the
 * top-level commands): "vift: train run: unknown option '--gpu'. Fix: run "vift train run --help" for the usage".
 */
function withNestedUsageErrors(command: Command): void {
  command.exitOverride().configureOutput({
    outputError: (text, write) => {
      const message = text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim().replace(/\.$/, '');
      const fix = message.includes('Fix: ') ? '' : `. Fix: run "vift train ${command.name()} --help" for the usage`;
      write(`vift: train ${command.name()}: ${message}${fix}\n`);
    },
  });
}
