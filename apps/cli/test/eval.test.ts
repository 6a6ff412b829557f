import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServer, type ServerReply, type ServerRequest } from '../../../packages/llm/test/chat-server.js';
import { binPath, fixturesPath, runCli, useTempFolders } from './run-cli.js';

const tempFolder = useTempFolders();
const benchmark = join(fixturesPath, 'eval/benchmarks/llava-bench-in-the-wild-11/benchmark.json');
const reviews = join(fixturesPath, 'eval/llava-v1.5-eval/llava-bench-in-the-wild/reviews');
let server: ChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function answer(request: ServerRequest): ServerReply {
  if (request.body.model === 'judge') return { text: '8 6\nFine.' };
  return { text: `Answer ${request.body.messages.length}` };
}
const evalArgs = (baseURL: string, output: string) => ['eval', benchmark, '--model', baseURL, '--model-name', 'tiny-vlm', '--judge-url', baseURL, '--judge-model', 'judge', '--output', output, '--concurrency', '1', '--quiet'];

describe('vift eval', () => {
  it('runs the three protocols against a local server and prints the report table', async () => {
    server = await startChatServer(answer);
    const output = await tempFolder();
    const result = await runCli([...evalArgs(server.baseURL, output), '--limit', '3'], { env: { OPENAI_API_KEY: 'sk-never-printed' } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| Single-round | 75.0 | 75.0 | 75.0 |');
    expect(result.stdout).toContain('Multi-round (distractor)');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-never-printed');
    const files = await readFile(join(output, 'responses.jsonl'), 'utf8');
    expect(files).not.toContain('sk-never-printed');
    expect(await readFile(join(output, 'report.md'), 'utf8')).toBe(result.stdout);
  });

  it('resumes a run killed halfway without asking any answered request again', async () => {
    const output = await tempFolder();
    const answered = new Map<string, number>();
    let modelReplies = 0;
    let stall: (() => void) | undefined;
    const stalled = new Promise<void>((resolve) => (stall = resolve));
    server = await startChatServer(async (request) => {
      const key = JSON.stringify(request.body);
      // Halfway through, one request is never answered: the run is killed while it waits.
      if (request.body.model === 'tiny-vlm' && ++modelReplies === 20) {
        stall!();
        await new Promise(() => undefined);
      }
      answered.set(key, (answered.get(key) ?? 0) + 1);
      return answer(request);
    });
    const child = spawn(process.execPath, [binPath, ...evalArgs(server.baseURL, output)], { stdio: 'ignore' });
    await stalled;
    child.kill('SIGKILL');
    await once(child, 'close');
    expect(answered.size).toBe(19);
    // Identical requests (two questions on one image open with the same distractor) are answered once.
    const logged = (await readFile(join(output, 'responses.jsonl'), 'utf8')).trimEnd().split('\n').length;
    expect(logged).toBeGreaterThanOrEqual(19);
    await server.close();

    server = await startChatServer((request) => {
      const key = JSON.stringify(request.body);
      answered.set(key, (answered.get(key) ?? 0) + 1);
      return answer(request);
    });
    const resumed = await runCli(evalArgs(server.baseURL, output).filter((argument) => argument !== '--quiet'));
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`^asked ${55 - logged} answers \\(${logged} from the log\\), scored 33 \\(0 from the log\\)`));
    expect([...answered.values()].every((count) => count === 1)).toBe(true);
    expect(resumed.stderr).toMatch(/^model: \d+ requests \(0 retries, \d+ from the cache\), \d+ tokens$/m);
    expect(resumed.stderr).toMatch(/^judge: \d+ requests/m);

    // The same requests as one uninterrupted run makes.
    const uninterrupted = new Set<string>();
    await server.close();
    server = await startChatServer((request) => {
      uninterrupted.add(JSON.stringify(request.body));
      return answer(request);
    });
    expect((await runCli(evalArgs(server.baseURL, await tempFolder()))).code).toBe(0);
    expect(new Set(answered.keys())).toEqual(uninterrupted);
  });

  it('fails in one line on bad input: unknown metric, missing ids in predictions, a missing benchmark file', async () => {
    const unknown = await runCli(['score', join(reviews, 'llava-v1.5-13b-eval1.jsonl'), '--metric', 'bleu-9']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^vift: unknown metric "bleu-9"\. Fix: use one of exact-match, .*cider-d\n$/);

    const folder = await tempFolder();
    const predictions = join(folder, 'partial.jsonl');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(predictions, `${JSON.stringify({ question_id: 14, text: 'a' })}\n`);
    const missing = await runCli(['eval', benchmark, '--model', predictions, '--output', join(folder, 'run'), '--protocol', 'single', '--quiet']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^vift: \S*partial\.jsonl: no prediction for id 15 \(and 9 more\)\. Fix: /);
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);

    await writeFile(predictions, `${JSON.stringify({ question_id: 14, text: 'a' })}\n${JSON.stringify({ question_id: 14, text: 'b' })}\n`);
    const duplicate = await runCli(['eval', benchmark, '--model', predictions, '--output', join(folder, 'run2'), '--quiet']);
    expect(duplicate.stderr).toMatch(/record 1 \(id 14\) repeats the id of record 0/);

    const absent = await runCli(['eval', join(folder, 'nope.json'), '--model', predictions]);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/nope\.json: cannot read the benchmark definition \(ENOENT\)/);

    const both = await runCli(['eval', benchmark, '--model', predictions, '--infer-only', '--score-only']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('vift: eval: --infer-only and --score-only exclude each other. Fix: give one of them\n');
  });
});

describe('vift score', () => {
  it('reproduces the published LLaVA-Bench (72.5), MM-Vet (36.1) and POPE F1 (85.9) of LLaVA-1.5-13B', async () => {
    const bench = await runCli(['score', ...[1, 2, 3].map((run) => join(reviews, `llava-v1.5-13b-eval${run}.jsonl`)), '--metric', 'llava-bench']);
    expect(bench.stdout).toBe('llava-bench\nrelative\t72.5\n');
    const vet = await runCli(['score', join(fixturesPath, 'eval/llava-v1.5-eval/mm-vet/results/llava-v1.5-13b_gpt-4-grade-1runs.json'), '--metric', 'mm-vet', '--json']);
    expect(JSON.parse(vet.stdout).scores).toEqual({ total: 36.1, std: 0 });
    const pope = await runCli([
      'score', join(fixturesPath, 'eval/llava-v1.5-eval/pope/answers/llava-v1.5-13b.jsonl'), '--metric', 'pope',
      '--questions', join(fixturesPath, 'eval/llava-v1.5-eval/pope/llava_pope_test.jsonl'), '--annotations', join(fixturesPath, 'eval/pope'),
    ]);
    expect(pope.code).toBe(0);
    expect(pope.stdout).toContain('f1\t85.9469');
  });
});
