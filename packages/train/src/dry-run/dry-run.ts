import { IMAGE_PLACEHOLDER, countPlaceholders, issueCatalog, type Sample, type ValidationIssue } from '@vift/schema';
import { resolveBatch } from '../batch-arithmetic.js';
import type { TrainConfig } from '../train-config.js';
import { imageTokenCount } from './image-tokens.js';
import { llavaModalityLength } from './modality-length.js';
import { estimateTextTokens, llavaV1TemplateTokens, type CountTokens, type TemplateTokens } from './token-estimate.js';

export type DryRunCode =
  /** The `<image>` placeholders of the user turns do not match the sample's images. */
  | 'placeholder-count-mismatch'
  | 'placeholder-in-assistant'
  | 'empty-assistant-target'
  | 'no-assistant-target'
  /** LLaVA-1.5's train.py opens one image per sample. */
  | 'several-images'
  /** LLaVA's preprocessing knows the speakers human and gpt only. */
  | 'system-turn-unsupported'
  /** Truncation at the maximum length would cut an image's tokens. */
  | 'truncation-cuts-image'
  /** An image starts at or after the maximum length: all its tokens would be cut. */
  | 'truncation-drops-image'
  /** Every answer starts after the maximum length: nothing would be learned from the sample. */
  | 'truncation-drops-all-targets'
  | 'truncation-cuts-targets'
  /** No words at all: LLaVA's modality-length sampler asserts on a zero length. */
  | 'zero-modality-length'
  /** The record could not be read as a sample (see its message). */
  | 'invalid-record';

export type DryRunFinding = {
  code: DryRunCode;
  severity: 'error' | 'warning';
  index: number;
  sampleId: string | null;
  turnIndex?: number;
  message: string;
  fix: string;
};

export type DryRunReport = {
  trainer: TrainConfig['trainer'];
  samples: number;
  /** Samples with at least one error. */
  failing: number;
  errors: number;
  warnings: number;
  /** Findings in input order; at most `maxFindings`, the counts cover all. */
  findings: DryRunFinding[];
  countsByCode: Partial<Record<DryRunCode, number>>;
  modality: { withImages: number; textOnly: number };
  tokens: {
    /** Whether lengths come from the supplied tokenizer or the estimate. */
    counted: 'tokenizer' | 'estimate';
    imageTokens: number;
    maxLength: number | undefined;
    longest: number;
    overMaxLength: number;
  };
  notes: string[];
};

export type DryRunOptions = {
  /** Samples, or dataset entries (`openDataset(...).entries`) whose reading issues are reported too. */
  samples: Iterable<Sample | DryRunEntry> | AsyncIterable<Sample | DryRunEntry>;
  config: TrainConfig;
  /** Counts text tokens; the estimate of `estimateTextTokens` when left out. */
  countTokens?: CountTokens | undefined;
  /** The chat template's own tokens (default: LLaVA's v1 template, estimated). */
  templateTokens?: TemplateTokens | undefined;
  /** Findings kept in the report (default 1000); counts always cover every sample. */
  maxFindings?: number | undefined;
};

/** A record as a dataset reader gives it: the sample when it became one, and what the reader found wrong. */
export type DryRunEntry = { index: number; sample: Sample | undefined; issues: readonly ValidationIssue[] };

// Reader issues the dry run's own checks report with their training consequence.
const checkedHere: ReadonlySet<string> = new Set(['placeholder-count-mismatch', 'placeholder-in-assistant-turn']);

const lengthFix = (maxLength: number) =>
  `shorten the turns before it, put the <image> in the first question, split the dialog into shorter samples, or raise training.modelMaxLength (now ${maxLength})`;

/**
 * Checks a dataset against a training config before any GPU time is spent: placeholders against images,
 * empty or missing answers, what truncation at the maximum length would cut (image tokens from the vision
 * config, text tokens from a tokenizer or an estimate), and what the trainer itself refuses (LLaVA: one
 * image per sample, human/gpt speakers only, no zero-length sample with `group_by_modality_length`).
 * Every finding names the sample (index and id) and the fix.
 */
export async function dryRun(options: DryRunOptions): Promise<DryRunReport> {
  const { config } = options;
  const trainer = config.trainer;
  const llavaRules = trainer === 'llava';
  // TRL's sft_vlm.py sets max_length to None: nothing is truncated there.
  const maxLength = trainer === 'trl' ? undefined : config.training.modelMaxLength;
  const imageTokens = imageTokenCount({ imageSize: config.model.imageSize, patchSize: config.model.patchSize, startEndTokens: config.model.mmUseImStartEnd });
  const countTokens = options.countTokens ?? estimateTextTokens;
  const template = options.templateTokens ?? llavaV1TemplateTokens;
  const maxFindings = options.maxFindings ?? 1000;

  const report: DryRunReport = {
    trainer,
    samples: 0,
    failing: 0,
    errors: 0,
    warnings: 0,
    findings: [],
    countsByCode: {},
    modality: { withImages: 0, textOnly: 0 },
    tokens: { counted: options.countTokens === undefined ? 'estimate' : 'tokenizer', imageTokens, maxLength, longest: 0, overMaxLength: 0 },
    notes: [],
  };
  const add = (finding: DryRunFinding) => {
    report.countsByCode[finding.code] = (report.countsByCode[finding.code] ?? 0) + 1;
    if (finding.severity === 'error') report.errors++;
    else report.warnings++;
    if (report.findings.length < maxFindings) report.findings.push(finding);
  };

  let position = -1;
  for await (const item of options.samples) {
    position++;
    report.samples++;
    const errorsBefore = report.errors;
    const sample = 'turns' in item ? item : item.sample;
    const index = 'turns' in item ? position : item.index;
    if (!('turns' in item)) {
      for (const issue of item.issues) {
        if (issue.severity !== 'error' || checkedHere.has(issue.code) || (issue.code === 'empty-text' && isAssistantTurn(sample, issue.turnIndex))) continue;
        add({
          code: 'invalid-record',
          severity: 'error',
          index,
          sampleId: issue.sampleId,
          ...(issue.turnIndex === undefined ? {} : { turnIndex: issue.turnIndex }),
          message: `${issue.code}: ${issue.message}`,
          fix: issueCatalog[issue.code].fix,
        });
      }
    }
    if (sample === undefined) {
      if (report.errors > errorsBefore) report.failing++;
      continue;
    }
    const place = { index, sampleId: sample.id };
    if (sample.images.length > 0) report.modality.withImages++;
    else report.modality.textOnly++;

    checkPlaceholders(sample, place, add);
    checkTargets(sample, place, add);
    if (llavaRules) checkLlavaRules(sample, place, config, add);
    const length = checkTruncation(sample, place, { maxLength, imageTokens, countTokens, template, moveImageToTurnStart: trainer === 'llava' }, add);
    report.tokens.longest = Math.max(report.tokens.longest, length);
    if (maxLength !== undefined && length > maxLength) report.tokens.overMaxLength++;
    if (report.errors > errorsBefore) report.failing++;
  }
  report.notes.push(...reportNotes(report, config));
  return report;
}

type Place = { index: number; sampleId: string };

function isAssistantTurn(sample: Sample | undefined, turnIndex: number | undefined): boolean {
  return sample !== undefined && turnIndex !== undefined && sample.turns[turnIndex]?.role === 'assistant';
}
type Add = (finding: DryRunFinding) => void;

function checkPlaceholders(sample: Sample, place: Place, add: Add): void {
  let placeholders = 0;
  sample.turns.forEach((turn, turnIndex) => {
    const count = countPlaceholders(turn.text);
    if (turn.role === 'assistant' && count > 0) {
      add({ ...place, turnIndex, code: 'placeholder-in-assistant', severity: 'error', message: `turn ${turnIndex} (assistant) holds ${count} <image> placeholder(s)`, fix: 'remove <image> from the answer; images belong to the user turns' });
    } else placeholders += count;
  });
  if (placeholders !== sample.images.length) {
    add({
      ...place,
      code: 'placeholder-count-mismatch',
      severity: 'error',
      message: `${placeholders} <image> placeholder(s) in the user turns but ${sample.images.length} image(s)`,
      fix: placeholders < sample.images.length ? 'add one <image> to a user turn for each image (LLaVA puts "<image>\\n" before the first question)' : 'remove the extra <image> placeholders, or add the missing images',
    });
  }
}

function checkTargets(sample: Sample, place: Place, add: Add): void {
  let answers = 0;
  sample.turns.forEach((turn, turnIndex) => {
    if (turn.role !== 'assistant') return;
    answers++;
    if (turn.text.trim() === '') {
      add({ ...place, turnIndex, code: 'empty-assistant-target', severity: 'error', message: `turn ${turnIndex} (assistant) is empty: nothing to learn from it`, fix: 'write the answer, or remove the question and its empty answer' });
    }
  });
  if (answers === 0) add({ ...place, code: 'no-assistant-target', severity: 'error', message: 'the sample has no assistant turn', fix: 'end the dialog with the answer to learn' });
}

function checkLlavaRules(sample: Sample, place: Place, config: TrainConfig, add: Add): void {
  if (sample.images.length > 1) {
    add({ ...place, code: 'several-images', severity: 'error', message: `${sample.images.length} images, but LLaVA-1.5's train.py opens one image per sample`, fix: 'split it into one sample per image, or train with llama-factory or trl' });
  }
  sample.turns.forEach((turn, turnIndex) => {
    if (turn.role === 'system') {
      add({ ...place, turnIndex, code: 'system-turn-unsupported', severity: 'error', message: `turn ${turnIndex} is a system turn; LLaVA's preprocessing knows the speakers human and gpt only (KeyError)`, fix: 'drop the system turn or fold it into the first question; LLaVA adds its own system prompt from --version' });
    }
  });
  if (config.training.groupByModalityLength && llavaModalityLength(sample) === 0) {
    add({ ...place, code: 'zero-modality-length', severity: 'error', message: 'the turns hold no word, and group_by_modality_length asserts "Should not have zero length."', fix: 'give the sample its text, remove it, or set training.groupByModalityLength to false' });
  }
}

/**
 * Lays the sample out as the model sees it (template tokens, text, image tokens) and reports what cutting at
 * the maximum length would do. Returns the sample's length in tokens.
 */
function checkTruncation(
  sample: Sample,
  place: Place,
  options: { maxLength: number | undefined; imageTokens: number; countTokens: CountTokens; template: TemplateTokens; moveImageToTurnStart: boolean },
  add: Add,
): number {
  const { maxLength, imageTokens, countTokens } = options;
  let position = options.template.prefix;
  let imageReported = false;
  let firstTargetStart: number | undefined;
  let cutTarget: number | undefined;
  const checkImage = (start: number, turnIndex: number) => {
    if (maxLength === undefined || imageReported || start + imageTokens <= maxLength) return;
    imageReported = true;
    const code = start >= maxLength ? 'truncation-drops-image' : 'truncation-cuts-image';
    const what = start >= maxLength ? `starts at token ${start}, at or after` : `takes tokens ${start}–${start + imageTokens - 1}, across`;
    add({ ...place, turnIndex, code, severity: 'error', message: `the image in turn ${turnIndex} ${what} the maximum length ${maxLength}`, fix: lengthFix(maxLength) });
  };
  sample.turns.forEach((turn, turnIndex) => {
    position += options.template.perTurn;
    const start = position;
    if (options.moveImageToTurnStart && turn.text.includes(IMAGE_PLACEHOLDER)) {
      // LLaVA's preprocess_multimodal takes the placeholder out and puts one "<image>\n" before the turn.
      checkImage(position, turnIndex);
      position += imageTokens + countTokens(turn.text.split(IMAGE_PLACEHOLDER).join('').trim());
    } else {
      turn.text.split(IMAGE_PLACEHOLDER).forEach((piece, pieceIndex) => {
        if (pieceIndex > 0) {
          checkImage(position, turnIndex);
          position += imageTokens;
        }
        position += countTokens(piece);
      });
    }
    if (turn.role === 'assistant') {
      firstTargetStart ??= start;
      if (maxLength !== undefined && position > maxLength && cutTarget === undefined) cutTarget = turnIndex;
    }
  });
  if (maxLength !== undefined && firstTargetStart !== undefined) {
    if (firstTargetStart >= maxLength) {
      add({ ...place, code: 'truncation-drops-all-targets', severity: 'error', message: `the first answer starts at token ${firstTargetStart}, after the maximum length ${maxLength}: the sample teaches nothing`, fix: lengthFix(maxLength) });
    } else if (cutTarget !== undefined) {
      add({ ...place, turnIndex: cutTarget, code: 'truncation-cuts-targets', severity: 'warning', message: `the sample takes about ${position} tokens; answers from turn ${cutTarget} on are cut at ${maxLength}`, fix: lengthFix(maxLength) });
    }
  }
  return position;
}

function reportNotes(report: DryRunReport, config: TrainConfig): string[] {
  const notes: string[] = [];
  if (report.tokens.counted === 'estimate') notes.push('Text lengths are estimates (4/3 tokens a word, at least one per 4 characters); pass a tokenizer for exact counts.');
  if (report.tokens.maxLength === undefined) notes.push("TRL's sft_vlm.py does not truncate (max_length None): no truncation checks.");
  const { withImages, textOnly } = report.modality;
  if (config.trainer === 'llava' && config.training.groupByModalityLength && withImages > 0 && textOnly > 0) {
    let megabatch = '';
    try {
      const { cluster, training } = config;
      const batch = resolveBatch({ globalBatchSize: training.globalBatchSize, perDeviceTrainBatchSize: training.perDeviceTrainBatchSize, gradientAccumulationSteps: training.gradientAccumulationSteps, devices: cluster.nodes * cluster.gpusPerNode });
      megabatch = ` of ${batch.perDeviceTrainBatchSize * batch.devices * batch.gradientAccumulationSteps} samples (per-device batch × devices × accumulation)`;
    } catch {
      // The plan reports the batch arithmetic; the note only loses its number.
    }
    notes.push(
      `${withImages} samples with an image and ${textOnly} text-only: group_by_modality_length fills each megabatch${megabatch} with one kind; only the last megabatch mixes the leftovers of both.`,
    );
  }
  return notes;
}
