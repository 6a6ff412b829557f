import { createChatClient, LlmRetriesExhaustedError, LlmTimeoutError } from '@vift/llm';
import { afterEach, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServer, type ServerReply, type ServerRequest } from '../../llm/test/chat-server.js';
import {
  createLlavaBenchReviewer,
  createMmVetGrader,
  createRubricJudge,
  LLAVA_BENCH_SYSTEM_MESSAGE,
  MM_VET_GRADER_PROMPT,
  MM_VET_RETRY_SUFFIX,
  mmVetGraderPrompt,
  parseLlavaBenchScores,
  parseMmVetScore,
  pythonFloat,
  pythonRound,
} from '../src/index.js';

let server: ChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function judgeClient(handler: (request: ServerRequest) => ServerReply | Promise<ServerReply>, settings: { timeoutMs?: number; maxRetries?: number } = {}) {
  server = await startChatServer(handler);
  return createChatClient({ baseURL: server.baseURL, model: 'judge', apiKey: 'sk-test-secret', retryBaseDelayMs: 1, ...settings });
}
const userText = (request: ServerRequest) => request.body.messages.at(-1)!.content as string;
const item = { id: 'v1_0', question: 'What is x in the equation?', reference: '-1<AND>-5', prediction: 'x = -1' };

describe('MM-Vet grader', () => {
  it('sends the few-shot table with the item as its last row, at temperature 0 and 3 tokens', async () => {
    const client = await judgeClient(() => ({ text: '0.5' }));
    const verdict = await createMmVetGrader({ client }).judge(item);
    expect(verdict).toEqual({ score: 0.5, content: '0.5', requests: 1 });
    const body = server!.requests[0]!.body;
    expect(body).toMatchObject({ model: 'judge', temperature: 0, max_tokens: 3 });
    expect(userText(server!.requests[0]!)).toBe(`${MM_VET_GRADER_PROMPT}\nWhat is x in the equation? | -1 <AND> -5 | x = -1 | `);
  });

  it('asks again with the digit reminder and a rising temperature, and scores 0 after the fifth bad reply, as MM-Vet does', async () => {
    const client = await judgeClient(() => ({ text: 'The answer' }));
    const verdict = await createMmVetGrader({ client }).judge(item);
    expect(verdict.score).toBe(0);
    expect(verdict.requests).toBe(6);
    expect(server!.requests.map((request) => request.body.temperature)).toEqual([0, 0, 0.5, 1, 1.5, 2]);
    expect(userText(server!.requests[0]!).endsWith(MM_VET_RETRY_SUFFIX)).toBe(false);
    for (const request of server!.requests.slice(1)) expect(userText(request).endsWith(MM_VET_RETRY_SUFFIX)).toBe(true);
  });

  it('takes a score from a retry, reading only the first word of a reply', async () => {
    const replies = ['Correctness: 1.0', '1.0 because'];
    const client = await judgeClient(() => ({ text: replies.shift() ?? 'unexpected' }));
    expect(await createMmVetGrader({ client }).judge(item)).toEqual({ score: 1, content: '1.0', requests: 2 });
  });

  it('reads replies as Python float() would, in [0, 1]', () => {
    expect(parseMmVetScore('0.7')).toBe(0.7);
    expect(parseMmVetScore(' 0.3\n')).toBeUndefined(); // the first word is empty
    expect(parseMmVetScore('0.3\n')).toBe(0.3);
    expect(parseMmVetScore('1.5')).toBeUndefined();
    expect(parseMmVetScore('-0.1')).toBeUndefined();
    expect(parseMmVetScore('.5')).toBe(0.5);
    expect(parseMmVetScore('1e-1')).toBe(0.1);
    expect(parseMmVetScore('0.5.')).toBeUndefined();
    expect(pythonFloat('1_0')).toBe(10);
    expect(pythonFloat('_1')).toBeUndefined();
    expect(pythonFloat('Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(mmVetGraderPrompt({ question: 'q', groundTruth: 'a<OR>b', prediction: 'p', retry: true })).toBe(`${MM_VET_GRADER_PROMPT}\nq | a <OR> b | p | ${MM_VET_RETRY_SUFFIX}`);
  });

  it('rides out a 429 (the client retries) and surfaces a timeout as one error', async () => {
    let calls = 0;
    const client = await judgeClient(() => (++calls === 1 ? { status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'slow down' } } } : { text: '0.8' }));
    expect((await createMmVetGrader({ client }).judge(item)).score).toBe(0.8);
    expect(server!.requests).toHaveLength(2);
    await server!.close();

    const slow = await judgeClient(() => ({ text: '0.8', delayMs: 2_000 }), { timeoutMs: 100, maxRetries: 1 });
    const failure = await createMmVetGrader({ client: slow }).judge(item).catch((error: unknown) => error);
    expect(LlmRetriesExhaustedError.isInstance(failure) || LlmTimeoutError.isInstance(failure)).toBe(true);
    expect(String((failure as Error).message)).not.toContain('sk-test-secret');
  });
});

describe('LLaVA-Bench reviewer', () => {
  const benchItem = { id: 0, question: 'What is the name of this famous sight in the photo?', reference: 'Diamond Head.', prediction: 'The Diamond Head crater.', context: 'An aerial view of Diamond Head.', category: 'llava_bench_conv' };

  it('sends LLaVA’s system message, context, both answers (reference first) and the rule at temperature 0.2', async () => {
    const client = await judgeClient(() => ({ text: '8 9\nBoth are right; the second adds detail.' }));
    const reviewer = createLlavaBenchReviewer({ client });
    const verdict = await reviewer.judge(benchItem);
    expect(verdict).toMatchObject({ score: 9, referenceScore: 8, requests: 1 });
    const [system, user] = server!.requests[0]!.body.messages;
    expect(system).toEqual({ role: 'system', content: LLAVA_BENCH_SYSTEM_MESSAGE });
    expect(user!.content).toMatch(/^\[Context\]\nAn aerial view of Diamond Head\.\n\n\[Question\]\nWhat is the name.*\n\n\[Assistant 1\]\nDiamond Head\.\n\n\[End of Assistant 1\]\n\n\[Assistant 2\]\nThe Diamond Head crater\.\n\n\[End of Assistant 2\]\n\n\[System\]\nWe would like/s);
    expect(server!.requests[0]!.body).toMatchObject({ temperature: 0.2, max_tokens: 1024 });
    expect(reviewer.aggregate([verdict, { ...verdict, score: 7, referenceScore: 10 }])).toBe(pythonRound((8 / 9) * 100, 1));
  });

  it('keeps a malformed review as [-1, -1], as LLaVA does', async () => {
    const client = await judgeClient(() => ({ text: 'Assistant 1: 8, Assistant 2: 9' }));
    expect(await createLlavaBenchReviewer({ client }).judge(benchItem)).toMatchObject({ score: -1, referenceScore: -1 });
    expect(parseLlavaBenchScores('7,8\nreasons')).toEqual([7, 8]);
    expect(parseLlavaBenchScores('7  8')).toEqual([-1, -1]);
    expect(parseLlavaBenchScores('7 eight')).toEqual([-1, -1]);
  });

  it('refuses an item without reference or context, naming it', async () => {
    const client = await judgeClient(() => ({ text: '1 1' }));
    await expect(createLlavaBenchReviewer({ client }).judge({ id: 'q9', question: 'q', prediction: 'p' })).rejects.toThrow(/"q9".*reference answer/);
  });
});

describe('rubric judge', () => {
  it('reads "Score: N", asks again when it is missing or out of range, and fails naming the item after the retries', async () => {
    const replies = ['Great answer!', 'Score: 11', 'Score: 7\nGood.'];
    const client = await judgeClient(() => ({ text: replies.shift() ?? 'no' }));
    const judge = createRubricJudge({ client, rubric: 'Correct and complete.', retries: 2 });
    const verdict = await judge.judge(item);
    expect(verdict).toMatchObject({ score: 7, requests: 3 });
    expect(userText(server!.requests[1]!)).toContain('Your previous reply had no "Score: N" line');
    expect(judge.aggregate([verdict, { ...verdict, score: 1 }])).toBeCloseTo(((6 / 9 + 0) / 2) * 100, 12);
    await expect(judge.judge({ ...item, id: 'stubborn' })).rejects.toThrow(/rubric: item "stubborn": the judge gave no score in 1–10 after 3 replies/);
  });
});

describe('Python rounding', () => {
  it('rounds exact ties to even and everything else to nearest, like round()', () => {
    expect(pythonRound(0.125, 2)).toBe(0.12);
    expect(pythonRound(0.375, 2)).toBe(0.38);
    expect(pythonRound(2.5, 0)).toBe(2);
    expect(pythonRound(2.675, 2)).toBe(2.67); // 2.675 is 2.67499999… in binary
    expect(pythonRound(72.53333333333333, 1)).toBe(72.5);
    expect(pythonRound(-1.25, 1)).toBe(-1.2);
  });
});
