import { afterEach, describe, expect, it } from 'vitest';
import {
  createChatClient,
  createMemoryCache,
  LlmConnectionError,
  LlmError,
  LlmHttpError,
  LlmResponseError,
  LlmRetriesExhaustedError,
  LlmSettingsError,
  LlmTimeoutError,
  type ChatClientSettings,
} from '../src/index.js';
import { startChatServer, type ChatServer, type ServerReply, type ServerRequest } from './chat-server.js';

const servers: ChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: (request: ServerRequest) => ServerReply | Promise<ServerReply>): Promise<ChatServer> {
  const server = await startChatServer(handler);
  servers.push(server);
  return server;
}

const question = (text: string) => ({ messages: [{ role: 'user' as const, content: text }] });
const client = (server: ChatServer, settings: Partial<ChatClientSettings> = {}) =>
  createChatClient({ baseURL: server.baseURL, apiKey: 'sk-test-key-0123456789', model: 'test-model', retryBaseDelayMs: 1, ...settings });

/** Catches what a promise rejects with, failing the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('createChatClient', () => {
  it('posts the request to /chat/completions and returns the text, usage and raw reply', async () => {
    const server = await serve(() => ({ text: 'A red fire hydrant.', usage: { prompt_tokens: 42, completion_tokens: 7 } }));
    const chat = client(server);
    const image = { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
    const result = await chat.chat({
      messages: [
        { role: 'system', content: 'You describe images.' },
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, image] },
      ],
      temperature: 0,
      maxTokens: 64,
      seed: 7,
    });
    expect(result).toMatchObject({ text: 'A red fire hydrant.', cached: false, finishReason: 'stop', model: 'test-model' });
    expect(result.usage).toEqual({ promptTokens: 42, completionTokens: 7, totalTokens: 49 });
    expect((result.raw as { id: string }).id).toBe('chatcmpl-0');
    const [request] = server.requests;
    expect(request!.headers.authorization).toBe('Bearer sk-test-key-0123456789');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toEqual({
      model: 'test-model',
      messages: [
        { role: 'system', content: 'You describe images.' },
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, image] },
      ],
      temperature: 0,
      max_tokens: 64,
      seed: 7,
    });
    expect(chat.usage()).toEqual({ promptTokens: 42, completionTokens: 7, totalTokens: 49, requests: 1, retries: 0, cacheHits: 0, failures: 0 });
  });

  it('waits as long as Retry-After asks after a 429, then succeeds', async () => {
    const server = await serve(({ index }) => (index === 0 ? { status: 429, body: { error: { message: 'Rate limit reached' } }, headers: { 'retry-after': '1' } } : { text: 'ok' }));
    const chat = client(server, { retryBaseDelayMs: 1 });
    const started = performance.now();
    const result = await chat.chat(question('hi'));
    const elapsed = performance.now() - started;
    expect(result.text).toBe('ok');
    expect(server.requests).toHaveLength(2);
    // The backoff alone would wait about 1 ms; the header asked for a second.
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(chat.usage()).toMatchObject({ requests: 2, retries: 1, failures: 0 });
  });

  it('honours retry-after-ms', async () => {
    const server = await serve(({ index }) => (index === 0 ? { status: 429, headers: { 'retry-after-ms': '300' } } : { text: 'ok' }));
    const started = performance.now();
    await client(server).chat(question('hi'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('retries two 500s with backoff, then succeeds', async () => {
    const server = await serve(({ index }) => (index < 2 ? { status: 500, body: { error: { message: 'internal error' } } } : { text: 'third time' }));
    const chat = client(server, { retryBaseDelayMs: 20 });
    const started = performance.now();
    expect((await chat.chat(question('hi'))).text).toBe('third time');
    // Backoff with jitter: at least half of 20 ms, then half of 40 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(28);
    expect(server.requests).toHaveLength(3);
    expect(chat.usage()).toMatchObject({ requests: 3, retries: 2 });
  });

  it('gives up after maxRetries with the last error kept', async () => {
    const server = await serve(() => ({ status: 503, body: 'upstream unavailable' }));
    const chat = client(server, { maxRetries: 2 });
    const error = await rejection(chat.chat(question('hi')));
    expect(LlmRetriesExhaustedError.isInstance(error)).toBe(true);
    const exhausted = error as LlmRetriesExhaustedError;
    expect(exhausted.attempts).toBe(3);
    expect(LlmHttpError.isInstance(exhausted.lastError)).toBe(true);
    expect((exhausted.lastError as LlmHttpError).status).toBe(503);
    expect(exhausted.cause).toBe(exhausted.lastError);
    expect(exhausted.message).toContain('gave up after 3 attempts');
    expect(exhausted.message).toContain('HTTP 503: upstream unavailable');
    expect(server.requests).toHaveLength(3);
    expect(chat.usage()).toMatchObject({ requests: 3, retries: 2, failures: 1 });
  });

  it('does not retry a 400, and says what the server said', async () => {
    const server = await serve(() => ({ status: 400, body: { error: { message: "max_tokens is too large: 999999. This model supports at most 4096 completion tokens" } } }));
    const error = await rejection(client(server).chat({ ...question('hi'), maxTokens: 999999 }));
    expect(LlmHttpError.isInstance(error)).toBe(true);
    expect((error as LlmHttpError).status).toBe(400);
    expect((error as LlmHttpError).message).toBe(`POST ${server.baseURL}/chat/completions: HTTP 400: {"error":{"message":"max_tokens is too large: 999999. This model supports at most 4096 completion tokens"}}`);
    expect(server.requests).toHaveLength(1);
  });

  it('cuts a long error body to a short excerpt', async () => {
    const server = await serve(() => ({ status: 400, body: `<html>${'x'.repeat(5000)}</html>` }));
    const error = (await rejection(client(server).chat(question('hi')))) as LlmHttpError;
    expect(error.body.length).toBeLessThanOrEqual(201);
    expect(error.body.endsWith('…')).toBe(true);
  });

  it('times out an attempt that gets no reply', async () => {
    const server = await serve(() => ({ text: 'too late', delayMs: 3000 }));
    const started = performance.now();
    const error = await rejection(client(server, { timeoutMs: 150, maxRetries: 0 }).chat(question('hi')));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(LlmTimeoutError.isInstance(error)).toBe(true);
    expect((error as LlmTimeoutError).timeoutMs).toBe(150);
    expect((error as LlmTimeoutError).message).toBe(`POST ${server.baseURL}/chat/completions: no reply within 150 ms`);
  });

  it('retries after a timeout', async () => {
    const server = await serve(({ index }) => (index === 0 ? { text: 'too late', delayMs: 3000 } : { text: 'in time' }));
    const chat = client(server, { timeoutMs: 1000, maxRetries: 1 });
    expect((await chat.chat(question('hi'))).text).toBe('in time');
    expect(chat.usage()).toMatchObject({ requests: 2, retries: 1 });
  });

  it('reports replies that are not chat completions, without retrying', async () => {
    const replies: ServerReply[] = [
      { status: 200, body: { object: 'chat.completion', choices: [] } },
      { status: 200, body: 'Service is up' },
      { status: 200, body: { choices: [{ index: 0, message: { role: 'assistant', content: null }, finish_reason: 'stop' }] } },
      { status: 200, body: { choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' } }] } },
    ];
    const server = await serve(({ index }) => replies[index]!);
    const chat = client(server);
    const reasons: string[] = [];
    for (const _reply of replies) {
      const error = await rejection(chat.chat(question('hi')));
      expect(LlmResponseError.isInstance(error)).toBe(true);
      reasons.push((error as LlmResponseError).reason);
    }
    expect(reasons).toEqual(['the reply has no choices', 'the reply is not JSON', 'the first choice has no message content', 'the model refused: I cannot help with that.']);
    expect(server.requests).toHaveLength(4);
    expect(chat.usage()).toMatchObject({ requests: 4, retries: 0, failures: 4 });
  });

  it('reads content given as parts', async () => {
    const server = await serve(() => ({ status: 200, body: { choices: [{ message: { role: 'assistant', content: [{ type: 'text', text: 'two ' }, { type: 'text', text: 'parts' }] } }] } }));
    const result = await client(server).chat(question('hi'));
    expect(result.text).toBe('two parts');
    expect(result.usage).toEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
  });

  it('reports a refused connection', async () => {
    const server = await serve(() => ({ text: 'never' }));
    const { baseURL } = server;
    await servers.pop()!.close();
    const error = await rejection(createChatClient({ baseURL, model: 'm', maxRetries: 0 }).chat(question('hi')));
    expect(LlmConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('retries a dropped connection', async () => {
    const server = await serve(({ index }) => (index === 0 ? { hangUp: true } : { text: 'back' }));
    const chat = client(server, { maxRetries: 2 });
    expect((await chat.chat(question('hi'))).text).toBe('back');
    expect(chat.usage()).toMatchObject({ requests: 2, retries: 1 });
  });

  it('keeps at most `concurrency` requests at the server', async () => {
    // Replies slow enough that three requests always overlap, even on a busy machine.
    const server = await serve(({ index }) => ({ text: `reply ${index}`, delayMs: 200 }));
    const chat = client(server, { concurrency: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, index) => chat.chat(question(`question ${index}`))));
    expect(results).toHaveLength(12);
    expect(server.requests).toHaveLength(12);
    expect(server.maxConcurrent).toBe(3);
  });

  it('keeps retries inside the concurrency bound', async () => {
    // Each question is refused once, then answered: deterministic however the machine schedules the slots.
    const refused = new Set<string>();
    const server = await serve(({ body }) => {
      const text = String(body.messages[0]!.content);
      if (refused.has(text)) return { text: 'ok', delayMs: 20 };
      refused.add(text);
      return { status: 429, headers: { 'retry-after': '0' } };
    });
    const chat = client(server, { concurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, (_, index) => chat.chat(question(`question ${index}`))));
    expect(server.requests).toHaveLength(16);
    expect(chat.usage()).toMatchObject({ requests: 16, retries: 8, failures: 0 });
    expect(server.maxConcurrent).toBeLessThanOrEqual(2);
  });

  it('cancels through the signal, without retrying', async () => {
    const server = await serve(() => ({ text: 'slow', delayMs: 2000 }));
    const controller = new AbortController();
    const reason = new Error('stopped by the user');
    const pending = rejection(client(server).chat({ ...question('hi'), signal: controller.signal }));
    // Abort once the server has the request (a fixed delay races a busy machine).
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(reason);
    const error = await pending;
    expect(error).toBe(reason);
    expect(server.requests).toHaveLength(1);
  });

  it('checks its settings', () => {
    const saved = process.env.OPENAI_BASE_URL;
    delete process.env.OPENAI_BASE_URL;
    try {
      const errorOf = (make: () => unknown) => {
        try {
          make();
        } catch (error) {
          return error;
        }
        return undefined;
      };
      const missing = errorOf(() => createChatClient({ model: 'm' }));
      expect(LlmSettingsError.isInstance(missing)).toBe(true);
      expect((missing as LlmSettingsError).toLine()).toBe('no base URL for the chat client. Fix: pass baseURL (e.g. https://api.openai.com/v1) or set OPENAI_BASE_URL');
      expect((errorOf(() => createChatClient({ baseURL: 'http://x/v1', model: ' ' })) as LlmSettingsError).setting).toBe('model');
      expect((errorOf(() => createChatClient({ baseURL: 'http://x/v1', model: 'm', concurrency: 0 })) as LlmSettingsError).setting).toBe('concurrency');
      expect((errorOf(() => createChatClient({ baseURL: 'http://x/v1', model: 'm', maxRetries: 1.5 })) as LlmSettingsError).setting).toBe('maxRetries');
      expect((errorOf(() => createChatClient({ baseURL: 'http://x/v1', model: 'm', timeoutMs: 0 })) as LlmSettingsError).setting).toBe('timeoutMs');
    } finally {
      if (saved !== undefined) process.env.OPENAI_BASE_URL = saved;
    }
  });

  it('takes the key and base URL from the environment when the options leave them out', async () => {
    const server = await serve(() => ({ text: 'from the environment' }));
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    process.env.OPENAI_API_KEY = 'sk-environment-key-42';
    process.env.OPENAI_BASE_URL = `${server.baseURL}/`;
    try {
      const chat = createChatClient({ model: 'm' });
      expect(chat.baseURL).toBe(server.baseURL);
      expect((await chat.chat(question('hi'))).text).toBe('from the environment');
      expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-environment-key-42');
      // The option wins over the environment.
      await createChatClient({ model: 'm', apiKey: 'sk-option-key-42' }).chat(question('hi'));
      expect(server.requests[1]!.headers.authorization).toBe('Bearer sk-option-key-42');
    } finally {
      for (const [name, value] of [['OPENAI_API_KEY', saved.key], ['OPENAI_BASE_URL', saved.url]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('sends no Authorization header without a key, and the caller’s headers', async () => {
    const server = await serve(() => ({ text: 'ok' }));
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      await createChatClient({ baseURL: server.baseURL, model: 'm', headers: { 'x-request-source': 'vift-tests' } }).chat(question('hi'));
      expect(server.requests[0]!.headers.authorization).toBeUndefined();
      expect(server.requests[0]!.headers['x-request-source']).toBe('vift-tests');
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });

  it('throws errors that carry the vift brand, a fix and one-line messages', async () => {
    const server = await serve(() => ({ status: 404, body: { error: { message: 'The model `gpt-9` does not exist' } } }));
    const error = await rejection(client(server).chat(question('hi')));
    expect(LlmError.isInstance(error)).toBe(true);
    // The brand `ViftError.isInstance` (@vift/schema) checks for.
    expect(Symbol.for('vift.error') in (error as object)).toBe(true);
    expect((error as LlmHttpError).toLine()).toBe(
      `POST ${server.baseURL}/chat/completions: HTTP 404: {"error":{"message":"The model \`gpt-9\` does not exist"}}. Fix: check baseURL (it usually ends in /v1) and the model name`,
    );
    expect(LlmTimeoutError.isInstance(error)).toBe(false);
    expect(LlmError.isInstance(new Error('plain'))).toBe(false);
  });
});

describe('response cache', () => {
  it('answers a repeated request from the cache without reaching the server', async () => {
    const server = await serve(({ index }) => ({ text: `reply ${index}`, usage: { prompt_tokens: 3, completion_tokens: 2 } }));
    const cache = createMemoryCache();
    const chat = client(server, { cache });
    const first = await chat.chat({ ...question('hi'), temperature: 0 });
    const second = await chat.chat({ ...question('hi'), temperature: 0 });
    expect(first).toMatchObject({ text: 'reply 0', cached: false });
    expect(second).toMatchObject({ text: 'reply 0', cached: true, usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 } });
    expect(server.requests).toHaveLength(1);
    // Another parameter is another request; `cache: false` skips the cache.
    expect((await chat.chat({ ...question('hi'), temperature: 0.7 })).text).toBe('reply 1');
    expect((await chat.chat({ ...question('hi'), temperature: 0, cache: false })).text).toBe('reply 2');
    expect(server.requests).toHaveLength(3);
    expect(cache.size).toBe(2);
    expect(chat.usage()).toEqual({ promptTokens: 9, completionTokens: 6, totalTokens: 15, requests: 3, retries: 0, cacheHits: 1, failures: 0 });
  });

  it('sends identical requests in flight at the same time once', async () => {
    const server = await serve(() => ({ text: 'shared', delayMs: 50 }));
    const chat = client(server, { cache: createMemoryCache() });
    const results = await Promise.all([chat.chat(question('same')), chat.chat(question('same')), chat.chat(question('same'))]);
    expect(results.map((result) => result.text)).toEqual(['shared', 'shared', 'shared']);
    expect(results.filter((result) => result.cached)).toHaveLength(2);
    expect(server.requests).toHaveLength(1);
  });

  it('keys by request content, never by the API key', async () => {
    const server = await serve(({ index }) => ({ text: `reply ${index}` }));
    const cache = createMemoryCache();
    await client(server, { cache, apiKey: 'sk-first-key-aaaa' }).chat(question('hi'));
    const other = await client(server, { cache, apiKey: 'sk-second-key-bbbb' }).chat(question('hi'));
    expect(other).toMatchObject({ text: 'reply 0', cached: true });
    expect(server.requests).toHaveLength(1);
  });

  it('does not cache failures', async () => {
    const server = await serve(({ index }) => (index === 0 ? { status: 400, body: 'bad' } : { text: 'fine' }));
    const cache = createMemoryCache();
    const chat = client(server, { cache });
    await rejection(chat.chat(question('hi')));
    expect(cache.size).toBe(0);
    expect((await chat.chat(question('hi'))).text).toBe('fine');
  });
});
