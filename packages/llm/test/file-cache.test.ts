import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChatClient } from '../src/index.js';
import { createFileCache } from '../src/node/index.js';
import { contentText, startChatServer, type ChatServer } from './chat-server.js';

let folder: string;
let server: ChatServer | undefined;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vift-llm-cache-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(folder, { recursive: true, force: true });
});

const question = (index: number) => ({ messages: [{ role: 'user' as const, content: `question ${index}` }], temperature: 0 });
const answerTo = (body: { messages: { content: unknown }[] }) => `answer to ${contentText(body.messages.at(-1)!.content)}`;

describe('createFileCache', () => {
  it('lets a second client resume without repeating a request', async () => {
    server = await startChatServer(({ body }) => ({ text: answerTo(body) }));
    const file = join(folder, 'nested', 'replies.jsonl');
    const first = createFileCache({ file });
    const firstClient = createChatClient({ baseURL: server.baseURL, model: 'm', cache: first });
    for (const index of [0, 1, 2]) await firstClient.chat(question(index));
    await first.close();
    expect(server.requests).toHaveLength(3);

    const second = createFileCache({ file });
    const secondClient = createChatClient({ baseURL: server.baseURL, model: 'm', cache: second });
    const results = await Promise.all([0, 1, 2, 3, 4].map((index) => secondClient.chat(question(index))));
    expect(results.map((result) => [result.text, result.cached])).toEqual([
      ['answer to question 0', true],
      ['answer to question 1', true],
      ['answer to question 2', true],
      ['answer to question 3', false],
      ['answer to question 4', false],
    ]);
    expect(server.requests).toHaveLength(5);
    expect(secondClient.usage()).toMatchObject({ requests: 2, cacheHits: 3 });
    expect(await second.stats()).toEqual({ entries: 5, skippedLines: 0, truncatedBytes: 0 });
    await second.close();
    // One line per reply, JSON each, bodies left out by default.
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line) as { key: string; reply: { text: string; raw?: unknown } }).map((entry) => [entry.key.length, entry.reply.text, 'raw' in entry.reply])).toEqual(
      [0, 1, 2, 3, 4].map((index) => [64, `answer to question ${index}`, false]),
    );
  });

  it('keeps whole reply bodies when asked', async () => {
    server = await startChatServer(({ body }) => ({ text: answerTo(body) }));
    const file = join(folder, 'raw.jsonl');
    const writer = createFileCache({ file, keepRaw: true });
    await createChatClient({ baseURL: server.baseURL, model: 'm', cache: writer }).chat(question(0));
    await writer.close();
    const reader = createFileCache({ file });
    const hit = await createChatClient({ baseURL: server.baseURL, model: 'm', cache: reader }).chat(question(0));
    expect(hit.cached).toBe(true);
    expect((hit.raw as { object: string }).object).toBe('chat.completion');
    await reader.close();
  });

  it('resumes after the process was killed in the middle of a run', async () => {
    const file = join(folder, 'killed.jsonl');
    const script = join(folder, 'run.mjs');
    const entry = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
    await writeFile(
      script,
      [
        `import { createChatClient } from ${entry('../dist/index.js')};`,
        `import { createFileCache } from ${entry('../dist/node/index.js')};`,
        'const [baseURL, file] = process.argv.slice(2);',
        "const client = createChatClient({ baseURL, model: 'm', maxRetries: 0, cache: createFileCache({ file }) });",
        "for (let index = 0; index < 6; index++) await client.chat({ messages: [{ role: 'user', content: `question ${index}` }], temperature: 0 });",
      ].join('\n'),
    );
    let child: ReturnType<typeof spawn> | undefined;
    server = await startChatServer(({ index, body }) => {
      // The fourth request never gets its reply: the run is killed while waiting for it.
      if (index === 3) {
        child?.kill('SIGKILL');
        return { text: 'never delivered', delayMs: 1000 };
      }
      return { text: answerTo(body) };
    });
    child = spawn(process.execPath, [script, server.baseURL, file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const signal = await new Promise((resolve) => child!.on('exit', (_code, exitSignal) => resolve(exitSignal)));
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(server.requests).toHaveLength(4);

    const cache = createFileCache({ file });
    const client = createChatClient({ baseURL: server.baseURL, model: 'm', cache });
    const texts: string[] = [];
    for (let index = 0; index < 6; index++) texts.push((await client.chat(question(index))).text);
    expect(texts).toEqual([0, 1, 2, 3, 4, 5].map((index) => `answer to question ${index}`));
    // Questions 0–2 came from the file; 3 was asked again (its reply never came), then 4 and 5.
    expect(server.requests.slice(4).map((request) => contentText(request.body.messages[0]!.content))).toEqual(['question 3', 'question 4', 'question 5']);
    expect(client.usage()).toMatchObject({ cacheHits: 3, requests: 3 });
    await cache.close();
  });

  it('cuts off a line a crash left half written, and writes the next one whole', async () => {
    server = await startChatServer(({ body }) => ({ text: answerTo(body) }));
    const file = join(folder, 'torn.jsonl');
    const writer = createFileCache({ file });
    const client = createChatClient({ baseURL: server.baseURL, model: 'm', cache: writer });
    await client.chat(question(0));
    await client.chat(question(1));
    await writer.close();
    const whole = await readFile(file, 'utf8');
    const torn = '{"key":"0123abcd","reply":{"text":"half of a rep';
    await appendFile(file, torn);

    const resumed = createFileCache({ file });
    const resumedClient = createChatClient({ baseURL: server.baseURL, model: 'm', cache: resumed });
    expect((await resumedClient.chat(question(0))).cached).toBe(true);
    expect(await resumed.stats()).toEqual({ entries: 2, skippedLines: 0, truncatedBytes: Buffer.byteLength(torn) });
    expect(await readFile(file, 'utf8')).toBe(whole);
    await resumedClient.chat(question(2));
    await resumed.close();

    const reader = createFileCache({ file });
    const readerClient = createChatClient({ baseURL: server.baseURL, model: 'm', cache: reader });
    for (const index of [0, 1, 2]) expect(await readerClient.chat(question(index))).toMatchObject({ cached: true, text: `answer to question ${index}` });
    expect(server.requests).toHaveLength(3);
    expect(await reader.stats()).toEqual({ entries: 3, skippedLines: 0, truncatedBytes: 0 });
    await reader.close();
  });

  it('skips lines that are not cache entries and keeps the rest', async () => {
    server = await startChatServer(({ body }) => ({ text: answerTo(body) }));
    const file = join(folder, 'mixed.jsonl');
    const writer = createFileCache({ file });
    await createChatClient({ baseURL: server.baseURL, model: 'm', cache: writer }).chat(question(0));
    await writer.close();
    const entry = await readFile(file, 'utf8');
    await writeFile(file, `not json\n{"key":"k"}\n\n${entry}`);
    const reader = createFileCache({ file });
    expect((await createChatClient({ baseURL: server.baseURL, model: 'm', cache: reader }).chat(question(0))).cached).toBe(true);
    expect(await reader.stats()).toEqual({ entries: 1, skippedLines: 2, truncatedBytes: 0 });
    await reader.close();
  });

  it('reads a cache larger than one read', async () => {
    const file = join(folder, 'large.jsonl');
    const cache = createFileCache({ file });
    const text = 'x'.repeat(300_000);
    for (let index = 0; index < 8; index++) await cache.set(`key-${index}`, { text: `${index}${text}`, usage: { promptTokens: index, completionTokens: 0, totalTokens: index } });
    await cache.close();
    const reader = createFileCache({ file });
    for (let index = 0; index < 8; index++) expect((await reader.get(`key-${index}`))?.usage.promptTokens).toBe(index);
    expect(await reader.get('key-8')).toBeUndefined();
    expect((await reader.stats()).entries).toBe(8);
    await reader.close();
  });
});

