import { mkdtemp, readFile, rm, writeFile, appendFile, copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChatClient } from '@vift/llm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServer, type ServerRequest } from '../../llm/test/chat-server.js';
import { createChatModel, createLlavaBenchReviewer, createPredictionsModel, DEFAULT_DISTRACTOR_QUESTIONS, type EvaluationReport } from '../src/index.js';
import { loadBenchmark, runEvaluation } from '../src/node/index.js';
import { evalFixture, fixtureRoot } from './fixtures.js';

const definition = evalFixture('benchmarks/llava-bench-in-the-wild-11/benchmark.json');
let server: ChatServer;
let output: string;

/** The model answers with the length of its history; the judge gives 8 to the reference and 6 or 4 to the model. */
function reply(request: ServerRequest) {
  const { messages } = request.body;
  if (request.body.model === 'judge') {
    const user = messages.at(-1)!.content as string;
    return { text: user.includes('multi-turn answer') ? '8 4\nThe second answer is thin.' : '8 6\nThe second answer is shorter.' };
  }
  const turns = messages.filter((message) => message.role === 'user').length;
  return { text: turns === 1 ? 'A single-turn answer.' : 'A multi-turn answer.' };
}

beforeEach(async () => {
  server = await startChatServer(reply);
  output = await mkdtemp(join(tmpdir(), 'vift-eval-'));
});
afterEach(async () => {
  await server.close();
  await rm(output, { recursive: true, force: true });
});

const clients = () => ({
  model: createChatModel({ client: createChatClient({ baseURL: server.baseURL, model: 'tiny-vlm', apiKey: 'none', retryBaseDelayMs: 1 }) }),
  judge: createLlavaBenchReviewer({ client: createChatClient({ baseURL: server.baseURL, model: 'judge', apiKey: 'none', retryBaseDelayMs: 1 }) }),
});

describe('runEvaluation on LLaVA-Bench questions with a local vision model and judge', () => {
  it('asks every protocol’s dialogs, judges each question and reports single vs multi-round per category', async () => {
    const benchmark = await loadBenchmark(definition);
    const result = await runEvaluation({ benchmark, ...clients(), outputDirectory: output, concurrency: 3 });
    const report = result.report!;
    expect(report.categories).toEqual(['detail', 'complex', 'conv', 'all']);
    // single: 11 dialogs of 1 turn; chained: 5 images, 11 turns; distractor: 11 dialogs of 3 turns.
    expect(result.counts).toEqual({ answered: 11 + 11 + 33, answersReused: 0, scored: 33, scoresReused: 0 });
    expect(report.rows.single!.all).toEqual({ score: 75, count: 11 });
    // Chained: the first question of each of the 5 images is single-turn (6/8), the other 6 multi-turn (4/8).
    expect(report.rows.chained!.all!.score).toBe(Math.round((((5 * 6 + 6 * 4) / 11 / 8) * 100) * 10) / 10);
    expect(report.rows.distractor!.all).toEqual({ score: 50, count: 11 });

    const modelRequests = server.requests.filter((request) => request.body.model === 'tiny-vlm');
    const first = modelRequests.find((request) => request.body.messages.length === 1)!;
    const parts = first.body.messages[0]!.content as { type: string; image_url?: { url: string } }[];
    expect(parts[0]!.type).toBe('image_url');
    expect(parts[0]!.image_url!.url.startsWith('data:image/jpeg;base64,/9j/')).toBe(true);
    // A distractor dialog asks two templated short-answer turns, keeps the model's answers, then the question.
    const firstText = (request: ServerRequest) => {
      const content = request.body.messages[0]!.content;
      return typeof content === 'string' ? content : (content as { text?: string }[])[1]!.text;
    };
    const distractors = modelRequests.filter((request) => request.body.messages.length === 5 && DEFAULT_DISTRACTOR_QUESTIONS.includes(firstText(request)!));
    expect(distractors).toHaveLength(11);
    expect(distractors[0]!.body.messages[1]).toEqual({ role: 'assistant', content: 'A single-turn answer.' });
    expect(DEFAULT_DISTRACTOR_QUESTIONS).toContain(distractors[0]!.body.messages[2]!.content);

    const judgeRequest = server.requests.find((request) => request.body.model === 'judge')!;
    expect(judgeRequest.body.messages[1]!.content).toContain('[Context]\n');

    const markdown = await readFile(result.files.markdown, 'utf8');
    expect(markdown).toContain('| Protocol | detail | complex | conv | all |');
    expect(markdown).toContain('| Single-round | 75.0 | 75.0 | 75.0 | 75.0 |');
    expect(await readFile(result.files.html, 'utf8')).toContain('<th>Protocol</th>');
    expect((JSON.parse(await readFile(result.files.json, 'utf8')) as EvaluationReport).rows.distractor!.all!.score).toBe(50);
  });

  it('resumes from its logs: a second run asks nothing, and a torn last line is asked again', async () => {
    const benchmark = await loadBenchmark(definition);
    await runEvaluation({ benchmark, ...clients(), outputDirectory: output, protocols: ['single'], limit: 4 });
    const asked = server.requests.length;
    expect(asked).toBe(8);
    const again = await runEvaluation({ benchmark, ...clients(), outputDirectory: output, protocols: ['single'], limit: 4 });
    expect(server.requests.length).toBe(asked);
    expect(again.counts).toEqual({ answered: 0, answersReused: 4, scored: 0, scoresReused: 4 });

    // A kill in the middle of writing leaves part of a line: it is dropped and that answer asked again.
    const responses = join(output, 'responses.jsonl');
    const lines = (await readFile(responses, 'utf8')).trimEnd().split('\n');
    await writeFile(responses, `${lines.slice(0, 3).join('\n')}\n${lines[3]!.slice(0, 20)}`);
    const repaired = await runEvaluation({ benchmark, ...clients(), outputDirectory: output, protocols: ['single'], limit: 4 });
    expect(repaired.counts.answered).toBe(1);
    expect((await readFile(responses, 'utf8')).trimEnd().split('\n')).toHaveLength(4);
  });

  it('infer-only then score-only gives the same report as one full run', async () => {
    const benchmark = await loadBenchmark(definition);
    const inferred = await runEvaluation({ benchmark, ...clients(), outputDirectory: output, mode: 'infer-only', limit: 5 });
    expect(inferred.report).toBeUndefined();
    expect(server.requests.every((request) => request.body.model === 'tiny-vlm')).toBe(true);
    const scored = await runEvaluation({ benchmark, judge: clients().judge, outputDirectory: output, mode: 'score-only', limit: 5 });
    expect(scored.report!.model).toBe('tiny-vlm');
    expect(scored.counts).toMatchObject({ answered: 0, scored: 15 });
    expect(scored.report!.rows.single!.all).toEqual({ score: 75, count: 5 });
  });

  it('refuses to mix two models in one output folder, and score-only without answers', async () => {
    const benchmark = await loadBenchmark(definition);
    await runEvaluation({ benchmark, ...clients(), outputDirectory: output, limit: 1, protocols: ['single'] });
    const other = createChatModel({ client: createChatClient({ baseURL: server.baseURL, model: 'other-vlm', apiKey: 'none' }) });
    await expect(runEvaluation({ benchmark, model: other, outputDirectory: output, limit: 1 })).rejects.toThrow(/holds a run with model "tiny-vlm", not "other-vlm"/);
    const empty = await mkdtemp(join(tmpdir(), 'vift-eval-empty-'));
    await expect(runEvaluation({ benchmark, outputDirectory: empty, mode: 'score-only' })).rejects.toThrow(/no earlier run to score/);
    await rm(empty, { recursive: true });
  });
});

describe('runEvaluation with a predictions file and a metric', () => {
  it('scores LLaVA-1.5-13B’s released LLaVA-Bench answers, and names missing and duplicate ids', async () => {
    const benchmark = await loadBenchmark(definition);
    const released = (await readFile(evalFixture('llava-v1.5-eval/llava-bench-in-the-wild/answers/llava-v1.5-13b.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as { question_id: number; text: string });
    const model = createPredictionsModel({ records: released, file: 'llava-v1.5-13b.jsonl' });
    const { judge } = clients();
    const result = await runEvaluation({ benchmark, model, judge, outputDirectory: output, protocols: ['single'] });
    expect(result.counts.answered).toBe(11);
    const answered = server.requests.filter((request) => request.body.model === 'judge').map((request) => request.body.messages[1]!.content as string);
    expect(answered.some((text) => text.includes(released.find((answer) => answer.question_id === 14)!.text))).toBe(true);

    const missing = createPredictionsModel({ records: released.filter((answer) => answer.question_id !== 26), file: 'partial.jsonl' });
    await expect(runEvaluation({ benchmark, model: missing, judge, outputDirectory: join(output, 'b'), protocols: ['single'] })).rejects.toThrow('partial.jsonl: no prediction for id 26');
    expect(() => createPredictionsModel({ records: [...released, released[3]!], file: 'twice.jsonl' })).toThrow('twice.jsonl: record 60 (id 3) repeats the id of record 3');
    expect(() => createPredictionsModel({ records: [{ text: 'x' }], file: 'noid.jsonl' })).toThrow('noid.jsonl: record 0 has no question_id');
  });

  it('scores with a metric, and reports an unreadable image and a path outside the image folder in one line', async () => {
    const folder = join(output, 'bench');
    await mkdir(join(folder, 'images'), { recursive: true });
    await copyFile(join(fixtureRoot, 'llava-bench-in-the-wild/images/010.jpg'), join(folder, 'images/ok.jpg'));
    await writeFile(join(folder, 'images/broken.jpg'), 'not an image');
    const questions = [
      { question_id: 'a', image: 'ok.jpg', text: 'Is a man ironing?', category: 'yes-no' },
      { question_id: 'b', image: 'ok.jpg', text: 'Is it raining?', category: 'yes-no' },
    ];
    await writeFile(join(folder, 'questions.jsonl'), questions.map((question) => JSON.stringify(question)).join('\n'));
    await writeFile(join(folder, 'answers.jsonl'), `${JSON.stringify({ question_id: 'a', answer: 'yes' })}\n${JSON.stringify({ question_id: 'b', answer: 'no' })}\n`);
    await writeFile(join(folder, 'benchmark.json'), JSON.stringify({ name: 'mini', questions: 'questions.jsonl', images: 'images', references: 'answers.jsonl', metric: 'yes-no' }));
    const model = createPredictionsModel({ records: [{ question_id: 'a', text: 'Yes, he is.' }, { question_id: 'b', text: 'Yes.' }] });
    const result = await runEvaluation({ benchmark: await loadBenchmark(join(folder, 'benchmark.json')), model, outputDirectory: join(output, 'run') });
    expect(result.report!.rows.single!.all).toEqual({ score: 50, count: 2 });

    const live = clients().model;
    await appendFile(join(folder, 'questions.jsonl'), `\n${JSON.stringify({ question_id: 'c', image: 'broken.jpg', text: 'Is it?' })}`);
    await appendFile(join(folder, 'answers.jsonl'), `${JSON.stringify({ question_id: 'c', answer: 'yes' })}\n`);
    await expect(runEvaluation({ benchmark: await loadBenchmark(join(folder, 'benchmark.json')), model: live, outputDirectory: join(output, 'run2') })).rejects.toThrow(/broken\.jpg: question "c": the image is not a JPEG, PNG, GIF or WebP file/);
    await writeFile(join(folder, 'questions.jsonl'), JSON.stringify({ question_id: 'd', image: '../../secret.jpg', text: 'Is it?' }));
    await expect(runEvaluation({ benchmark: await loadBenchmark(join(folder, 'benchmark.json')), model: live, outputDirectory: join(output, 'run3') })).rejects.toThrow(/question "d": the image path points outside/);
  });

  it('refuses a references file with an id twice or a line without an answer, naming the line', async () => {
    await writeFile(join(output, 'q.jsonl'), `${JSON.stringify({ question_id: 1, text: 'Is it?' })}\n`);
    await writeFile(join(output, 'refs.jsonl'), `${JSON.stringify({ question_id: 1, answer: 'yes' })}\n${JSON.stringify({ question_id: '1', answer: 'no' })}\n`);
    const file = join(output, 'twice.json');
    await writeFile(file, JSON.stringify({ name: 'x', questions: 'q.jsonl', references: 'refs.jsonl', metric: 'yes-no' }));
    await expect(loadBenchmark(file)).rejects.toThrow(/refs\.jsonl:2: question_id "1" has two references/);
    await writeFile(join(output, 'refs.jsonl'), `${JSON.stringify({ question_id: 1 })}\n`);
    await expect(loadBenchmark(file)).rejects.toThrow(/refs\.jsonl:1: the reference has no question_id or no answer\/text/);
  });

  it('refuses a definition with an unknown metric, naming the field', async () => {
    const file = join(output, 'bad.json');
    await writeFile(file, JSON.stringify({ name: 'x', questions: 'q.jsonl', metric: 'bleu-7' }));
    await expect(loadBenchmark(file)).rejects.toThrow(/bad\.json: "metric": Invalid option/);
  });
});
