import { mkdir, readFile } from 'node:fs/promises';
import { AtomicFile } from '@vift/formats/node';
import { join } from 'node:path';
import { MetricInputError, MissingPredictionError } from '../eval-errors.js';
import type { Judge, JudgeVerdict } from '../judges/judge.js';
import { llavaBenchRelativeScore } from '../judges/llava-bench-scores.js';
import type { Model, ModelImage } from '../models/model.js';
import { numpyMean } from '../numpy-sum.js';
import type { BenchmarkQuestion } from '../protocol/benchmark-question.js';
import { planDialogs, type PlannedDialog, type ProtocolName } from '../protocol/plan-dialogs.js';
import { turnMetrics } from '../protocol/turn-metrics.js';
import { reportHtml, reportMarkdown, type EvaluationReport, type ReportCell } from '../report/evaluation-report.js';
import { openAppendLog, type AppendLog } from './append-log.js';
import type { LoadedBenchmark } from './benchmark-definition.js';
import { EvalFileError } from './eval-file-error.js';
import { readBenchmarkImage } from './read-benchmark-image.js';
import { runPool } from './run-pool.js';

export type EvaluationMode = 'full' | 'infer-only' | 'score-only';

export type RunEvaluationOptions = {
  benchmark: LoadedBenchmark;
  /** Needed unless `mode` is `score-only`. */
  model?: Model;
  /** Needed when the benchmark is judged and some turn has no score yet. */
  judge?: Judge;
  /** Default: the benchmark's protocols, else `single`. */
  protocols?: ProtocolName[];
  /** Holds run.json, responses.jsonl, scores.jsonl and the reports; a second run here resumes the first. */
  outputDirectory: string;
  /** Only the first N questions. */
  limit?: number;
  mode?: EvaluationMode;
  /** Dialogs (and judge calls) in flight at once (default 4). */
  concurrency?: number;
  distractorTurns?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { phase: 'infer' | 'score'; done: number; total: number }) => void;
};

export type RunEvaluationResult = {
  /** Undefined in infer-only mode. */
  report: EvaluationReport | undefined;
  files: { responses: string; scores: string; json: string; markdown: string; html: string };
  /** Model answers and judge verdicts this call asked for, and those it found in the logs. */
  counts: { answered: number; answersReused: number; scored: number; scoresReused: number };
};

type ResponseRecord = { protocol: ProtocolName; dialog: string; turn: number; question_id?: string | number; text: string };
type ScoreRecord = { protocol: ProtocolName; question_id: string | number; score: number; reference_score?: number; content?: string; requests?: number };

const responseKey = (protocol: string, dialog: string, turn: number) => `${protocol}\u0000${dialog}\u0000${turn}`;
const scoreKey = (protocol: string, questionId: string | number) => `${protocol}\u0000${String(questionId)}`;

/** The whole file under a temporary name, renamed into place when complete (a kill leaves the old one). */
async function writeAtomically(file: string, text: string): Promise<void> {
  const atomic = new AtomicFile(file);
  try {
    await atomic.write(text);
    await atomic.commit();
  } catch (error) {
    await atomic.abort();
    throw error;
  }
}

/** The run's identity: a folder holds one benchmark, model and scorer, so a resume cannot mix runs. */
async function claimOutput(directory: string, identity: { benchmark: string; model: string | undefined; scorer: string }): Promise<{ model: string }> {
  const file = join(directory, 'run.json');
  let previous: { benchmark?: string; model?: string; scorer?: string } | undefined;
  try {
    previous = JSON.parse(await readFile(file, 'utf8')) as typeof previous;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new EvalFileError({ file, message: 'run.json is not readable JSON', fix: 'delete the output folder to start afresh', cause: error });
  }
  if (previous !== undefined) {
    for (const field of ['benchmark', 'model', 'scorer'] as const) {
      const now = identity[field];
      if (now !== undefined && previous[field] !== now) {
        throw new EvalFileError({ file, message: `this folder holds a run with ${field} ${JSON.stringify(previous[field])}, not ${JSON.stringify(now)}`, fix: 'choose another --output folder, or delete this one' });
      }
    }
    return { model: identity.model ?? previous.model ?? 'unknown' };
  }
  if (identity.model === undefined) throw new EvalFileError({ file, message: 'no earlier run to score', fix: 'run without --score-only first (or with --infer-only)' });
  await mkdir(directory, { recursive: true });
  await writeAtomically(file, `${JSON.stringify(identity, null, 2)}\n`);
  return { model: identity.model };
}

function aggregate(scorer: { judge?: Judge; metric?: string }, verdicts: JudgeVerdict[]): number {
  if (verdicts.length === 0) return Number.NaN;
  if (scorer.judge !== undefined) return scorer.judge.aggregate(verdicts);
  return numpyMean(verdicts.map((verdict) => verdict.score)) * 100;
}

/**
 * Runs a benchmark: asks the model every turn of every protocol's dialogs, scores each benchmark question
 * with the benchmark's judge or metric, and writes the report as JSON, Markdown and HTML. Answers and
 * scores go to append-only JSONL as they arrive, so a run that is killed resumes where it stopped.
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<RunEvaluationResult> {
  const { benchmark, outputDirectory } = options;
  const { definition } = benchmark;
  const mode = options.mode ?? 'full';
  const protocols = options.protocols ?? definition.protocols ?? ['single'];
  const concurrency = options.concurrency ?? 4;
  const scorerName = definition.judge ?? definition.metric!;
  if (mode !== 'score-only' && options.model === undefined) throw new MetricInputError({ metric: definition.name, message: 'no model to ask', fix: 'pass a model URL or a predictions file' });
  const questions = options.limit === undefined ? benchmark.questions : benchmark.questions.slice(0, options.limit);
  const byId = new Map<string, BenchmarkQuestion>(questions.map((question) => [String(question.id), question]));

  const { model: modelName } = await claimOutput(outputDirectory, { benchmark: definition.name, model: options.model?.name, scorer: scorerName });
  const files = {
    responses: join(outputDirectory, 'responses.jsonl'),
    scores: join(outputDirectory, 'scores.jsonl'),
    json: join(outputDirectory, 'report.json'),
    markdown: join(outputDirectory, 'report.md'),
    html: join(outputDirectory, 'report.html'),
  };
  const counts = { answered: 0, answersReused: 0, scored: 0, scoresReused: 0 };
  const dialogs = new Map<ProtocolName, PlannedDialog[]>(
    protocols.map((protocol) => [
      protocol,
      planDialogs({ questions, protocol, ...(options.distractorTurns === undefined ? {} : { distractorTurns: options.distractorTurns }), ...(definition.questionSuffix === undefined ? {} : { questionSuffix: definition.questionSuffix }) }),
    ]),
  );

  const model = options.model;
  // A predictions file is checked up front, so a gap is reported before any judge is paid for.
  if (model !== undefined && 'requireAnswers' in model && typeof model.requireAnswers === 'function') {
    for (const protocol of protocols) (model.requireAnswers as (protocol: string, ids: (string | number)[]) => void)(protocol, questions.map((question) => question.id));
  }

  const responseLog: AppendLog = await openAppendLog(files.responses);
  const answers = new Map<string, string>();
  for (const record of responseLog.records as ResponseRecord[]) answers.set(responseKey(record.protocol, record.dialog, record.turn), record.text);
  try {
    if (mode !== 'score-only') {
      const work = protocols.flatMap((protocol) => dialogs.get(protocol)!.map((dialog) => ({ protocol, dialog })));
      const total = work.reduce((sum, item) => sum + item.dialog.turns.length, 0);
      let done = 0;
      await runPool(
        work,
        concurrency,
        async ({ protocol, dialog }, signal) => {
          let image: ModelImage | undefined;
          const history: { question: string; answer?: string }[] = [];
          for (const [turn, planned] of dialog.turns.entries()) {
            const key = responseKey(protocol, dialog.id, turn);
            let text = answers.get(key);
            if (text === undefined) {
              if (dialog.image !== undefined && image === undefined) {
                image = await readBenchmarkImage({ imageRoot: benchmark.imageRoot, image: dialog.image, questionId: planned.questionId ?? dialog.turns.find((candidate) => candidate.questionId !== undefined)?.questionId ?? dialog.id });
              }
              text = await model!.respond({
                protocol,
                dialogId: dialog.id,
                turn,
                turns: [...history, { question: planned.question }],
                ...(planned.questionId === undefined ? {} : { questionId: planned.questionId }),
                ...(image === undefined ? {} : { image }),
                signal,
              });
              const record: ResponseRecord = { protocol, dialog: dialog.id, turn, ...(planned.questionId === undefined ? {} : { question_id: planned.questionId }), text };
              await responseLog.append(record);
              answers.set(key, text);
              counts.answered++;
            } else {
              counts.answersReused++;
            }
            history.push({ question: planned.question, answer: text });
            options.onProgress?.({ phase: 'infer', done: ++done, total });
          }
        },
        options.signal,
      );
    }
  } finally {
    await responseLog.close();
  }
  if (mode === 'infer-only') return { report: undefined, files, counts };

  // Every scored turn, with the model's answer to it.
  const turns = protocols.flatMap((protocol) =>
    dialogs.get(protocol)!.flatMap((dialog) =>
      dialog.turns.flatMap((planned, turn) => {
        if (planned.questionId === undefined) return [];
        const text = answers.get(responseKey(protocol, dialog.id, turn));
        if (text === undefined) throw new MissingPredictionError({ ids: [planned.questionId], file: `${files.responses} (protocol ${protocol}; run without --score-only first)` });
        return [{ protocol, question: byId.get(String(planned.questionId))!, prediction: text }];
      }),
    ),
  );

  const scoreLog = await openAppendLog(files.scores);
  const verdicts = new Map<string, JudgeVerdict>();
  for (const record of scoreLog.records as ScoreRecord[]) {
    verdicts.set(scoreKey(record.protocol, record.question_id), { score: record.score, content: record.content ?? '', requests: record.requests ?? 0, ...(record.reference_score === undefined ? {} : { referenceScore: record.reference_score }) });
  }
  try {
    const pending = turns.filter((turn) => !verdicts.has(scoreKey(turn.protocol, turn.question.id)));
    counts.scoresReused = turns.length - pending.length;
    if (pending.length > 0 && definition.judge !== undefined && options.judge === undefined) {
      throw new MetricInputError({ metric: definition.name, message: `${pending.length} answers have no score and no judge was given`, fix: 'pass a judge (--judge-url and --judge-model)' });
    }
    let done = 0;
    await runPool(
      pending,
      concurrency,
      async ({ protocol, question, prediction }, signal) => {
        let verdict: JudgeVerdict;
        if (options.judge !== undefined && definition.judge !== undefined) {
          verdict = await options.judge.judge(
            {
              id: question.id,
              question: question.question,
              prediction,
              ...(question.reference === undefined ? {} : { reference: question.reference }),
              ...(question.context === undefined ? {} : { context: question.context }),
              ...(question.category === undefined ? {} : { category: question.category }),
            },
            { signal },
          );
        } else {
          if (question.reference === undefined) throw new MetricInputError({ metric: scorerName, message: `question ${JSON.stringify(question.id)} has no reference answer`, fix: 'give the benchmark a references file that covers every question' });
          verdict = { score: turnMetrics[definition.metric!](prediction, question.reference), content: '', requests: 0 };
        }
        const record: ScoreRecord = { protocol, question_id: question.id, score: verdict.score, ...(verdict.referenceScore === undefined ? {} : { reference_score: verdict.referenceScore }), content: verdict.content, requests: verdict.requests };
        await scoreLog.append(record);
        verdicts.set(scoreKey(protocol, question.id), verdict);
        counts.scored++;
        options.onProgress?.({ phase: 'score', done: ++done, total: pending.length });
      },
      options.signal,
    );
  } finally {
    await scoreLog.close();
  }

  const categories = [...new Set(questions.map((question) => question.category ?? 'all'))].filter((category) => category !== 'all');
  const scorer = { ...(options.judge === undefined ? {} : { judge: options.judge }), ...(definition.metric === undefined ? {} : { metric: definition.metric }) };
  const rows: EvaluationReport['rows'] = {};
  for (const protocol of protocols) {
    const cells: Record<string, ReportCell> = {};
    for (const category of [...categories, 'all']) {
      const chosen = turns.filter((turn) => turn.protocol === protocol && (category === 'all' || turn.question.category === category));
      const list = chosen.map((turn) => verdicts.get(scoreKey(protocol, turn.question.id))!);
      const score = scorer.judge === undefined && definition.judge === 'llava-bench' ? llavaBenchRelativeScore(list.map((verdict) => [verdict.referenceScore ?? -1, verdict.score])).relative : aggregate(scorer, list);
      cells[category] = { score, count: list.length };
    }
    rows[protocol] = cells;
  }
  const report: EvaluationReport = { benchmark: definition.name, model: modelName, scorer: scorerName, protocols, categories: [...categories, 'all'], rows };
  await writeAtomically(files.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeAtomically(files.markdown, reportMarkdown(report));
  await writeAtomically(files.html, reportHtml(report));
  return { report, files, counts };
}
