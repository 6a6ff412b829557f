import type { ChatRequest, ChatResult, TokenUsage } from './chat-messages.js';
import { LlmConnectionError, LlmHttpError, LlmResponseError, LlmRetriesExhaustedError, LlmSettingsError, LlmTimeoutError } from './chat-errors.js';
import { emptyUsage, type ClientUsage } from './client-usage.js';
import { environmentVariable } from './environment.js';
import type { LlmError } from './llm-error.js';
import { createRedactor } from './redact.js';
import { requestKey } from './request-key.js';
import type { CachedReply, ResponseCache } from './response-cache.js';
import { retryAfterMs, retryDelay } from './retry-delay.js';
import { createSemaphore } from './semaphore.js';

export type ChatClientSettings = {
  /** e.g. `https://api.openai.com/v1` or `http://localhost:8000/v1`; else `OPENAI_BASE_URL`. */
  baseURL?: string;
  /** Sent as `Authorization: Bearer <key>`; else `OPENAI_API_KEY`; none for servers that need none. */
  apiKey?: string;
  model: string;
  /** Injectable for tests and other runtimes; the global `fetch` by default. */
  fetch?: typeof globalThis.fetch;
  /** Requests in flight at once (default 4). Cached replies do not take a slot. */
  concurrency?: number;
  /** Attempts after the first, on 408, 429, 5xx, timeouts and network errors (default 3). */
  maxRetries?: number;
  /** Per attempt, until the whole reply is read (default 120 000). */
  timeoutMs?: number;
  /** First backoff wait; doubled at each retry, with jitter (default 500). `Retry-After` wins over it. */
  retryBaseDelayMs?: number;
  /** Where replies are kept by request content; none by default. */
  cache?: ResponseCache;
  /** Sent with every request; they override the defaults, `Authorization` included. */
  headers?: Record<string, string>;
};

export type ChatClient = {
  readonly specificationVersion: 'v1';
  readonly model: string;
  readonly baseURL: string;
  chat(request: ChatRequest): Promise<ChatResult>;
  /** What the client has spent so far (a copy). */
  usage(): ClientUsage;
};

type Reply = Omit<ChatResult, 'cached'>;

const EXCERPT_LENGTH = 200;
const SECRET_HEADER = /authorization|api-key|token|secret/i;

/**
 * A client for an OpenAI-compatible `POST {baseURL}/chat/completions`: bounded concurrency, retries with
 * backoff that honour `Retry-After`, a timeout per attempt, an optional response cache keyed by request
 * content, and usage accounting. The API key never appears in messages or errors.
 *
 * @example
 * const client = createChatClient({ baseURL: 'http://localhost:8000/v1', model: 'qwen2.5-7b-instruct' });
 * const { text } = await client.chat({ messages: [{ role: 'user', content: 'Say hi.' }], temperature: 0 });
 */
export function createChatClient(settings: ChatClientSettings): ChatClient {
  const baseURL = (settings.baseURL ?? environmentVariable('OPENAI_BASE_URL'))?.replace(/\/+$/, '');
  if (baseURL === undefined || baseURL === '') {
    throw new LlmSettingsError({ setting: 'baseURL', message: 'no base URL for the chat client', fix: 'pass baseURL (e.g. https://api.openai.com/v1) or set OPENAI_BASE_URL' });
  }
  if (typeof settings.model !== 'string' || settings.model.trim() === '') {
    throw new LlmSettingsError({ setting: 'model', message: 'no model for the chat client', fix: 'pass model, the name the server knows it by' });
  }
  const model = settings.model;
  const apiKey = settings.apiKey ?? environmentVariable('OPENAI_API_KEY');
  const concurrency = whole(settings.concurrency ?? 4, 'concurrency', 1);
  const maxRetries = whole(settings.maxRetries ?? 3, 'maxRetries', 0);
  const timeoutMs = positive(settings.timeoutMs ?? 120_000, 'timeoutMs');
  const baseDelayMs = whole(settings.retryBaseDelayMs ?? 500, 'retryBaseDelayMs', 0);
  const fetchFunction = settings.fetch ?? globalThis.fetch.bind(globalThis);
  const { cache } = settings;

  const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json' });
  if (apiKey !== undefined) headers.set('authorization', `Bearer ${apiKey}`);
  for (const [name, value] of Object.entries(settings.headers ?? {})) headers.set(name, value);
  const secretHeaders = Object.entries(settings.headers ?? {}).filter(([name]) => SECRET_HEADER.test(name)).map(([, value]) => value);
  const redact = createRedactor([apiKey, ...secretHeaders]);
  const url = `${baseURL}/chat/completions`;
  const shownUrl = redact(url);

  const semaphore = createSemaphore(concurrency);
  const usage = emptyUsage();
  const inFlight = new Map<string, Promise<Reply>>();

  async function attempt(body: string, signal: AbortSignal | undefined): Promise<Reply> {
    if (signal?.aborted) throw signal.reason;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const failure = (error: unknown): unknown => {
      if (signal?.aborted) return signal.reason;
      if (timedOut) return new LlmTimeoutError({ url: shownUrl, timeoutMs });
      return new LlmConnectionError({ url: shownUrl, reason: redact(describeNetworkError(error)) });
    };
    usage.requests++;
    try {
      let response: Response;
      let text: string;
      try {
        response = await fetchFunction(url, { method: 'POST', headers, body, signal: controller.signal });
        text = await response.text();
      } catch (error) {
        throw failure(error);
      }
      if (!response.ok) {
        const wait = retryAfterMs(response.headers);
        throw new LlmHttpError({ url: shownUrl, status: response.status, body: excerpt(redact(text)), ...(wait === undefined ? {} : { retryAfterMs: wait }) });
      }
      return parseReply(text);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  function parseReply(text: string): Reply {
    const malformed = (reason: string) => new LlmResponseError({ url: shownUrl, reason, body: excerpt(redact(text)) });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw malformed('the reply is not JSON');
    }
    const choices = isRecord(json) ? json.choices : undefined;
    const choice = Array.isArray(choices) ? choices[0] : undefined;
    if (!isRecord(choice)) throw malformed('the reply has no choices');
    const message = isRecord(choice.message) ? choice.message : undefined;
    const content = messageText(message?.content);
    if (content === undefined) {
      const refusal = typeof message?.refusal === 'string' ? `: ${excerpt(redact(message.refusal))}` : '';
      throw malformed(refusal === '' ? 'the first choice has no message content' : `the model refused${refusal}`);
    }
    const body = json as Record<string, unknown>;
    return {
      text: content,
      usage: tokenUsage(body.usage),
      finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined,
      model: typeof body.model === 'string' ? body.model : undefined,
      raw: json,
    };
  }

  async function withRetries(body: string, signal: AbortSignal | undefined): Promise<Reply> {
    for (let retry = 0; ; retry++) {
      try {
        return await attempt(body, signal);
      } catch (error) {
        if (!isRetryable(error)) throw error;
        if (retry >= maxRetries) throw retry === 0 ? error : new LlmRetriesExhaustedError({ attempts: retry + 1, lastError: error });
        usage.retries++;
        await sleep(retryDelay({ retry, baseDelayMs, ...(LlmHttpError.isInstance(error) && error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) }), signal);
      }
    }
  }

  async function send(body: Record<string, unknown>, key: string | undefined, signal: AbortSignal | undefined): Promise<Reply> {
    const reply = await semaphore.run(() => withRetries(JSON.stringify(body), signal));
    usage.promptTokens += reply.usage.promptTokens;
    usage.completionTokens += reply.usage.completionTokens;
    usage.totalTokens += reply.usage.totalTokens;
    if (key !== undefined && cache !== undefined) await cache.set(key, cachedReply(reply));
    return reply;
  }

  async function chat(request: ChatRequest): Promise<ChatResult> {
    try {
      const body = requestBody(request, model);
      const key = cache !== undefined && request.cache !== false ? await requestKey(body) : undefined;
      if (key !== undefined && cache !== undefined) {
        const hit = await cache.get(key);
        if (hit !== undefined) {
          usage.cacheHits++;
          return { text: hit.text, usage: hit.usage, cached: true, finishReason: hit.finishReason, model: hit.model, raw: hit.raw };
        }
        const pending = inFlight.get(key);
        if (pending !== undefined) {
          const reply = await pending;
          usage.cacheHits++;
          return { ...reply, cached: true };
        }
        const sending = send(body, key, request.signal);
        inFlight.set(key, sending);
        try {
          return { ...(await sending), cached: false };
        } finally {
          inFlight.delete(key);
        }
      }
      return { ...(await send(body, undefined, request.signal)), cached: false };
    } catch (error) {
      usage.failures++;
      throw error;
    }
  }

  return {
    specificationVersion: 'v1',
    model,
    baseURL: redact(baseURL),
    chat,
    usage: () => ({ ...usage }),
  };
}

/** The body sent, and hashed for the cache: everything that shapes the reply, nothing that authenticates. */
function requestBody(request: ChatRequest, model: string): Record<string, unknown> {
  return {
    ...request.extraBody,
    model: request.model ?? model,
    messages: request.messages,
    temperature: request.temperature,
    max_tokens: request.maxTokens,
    seed: request.seed,
    top_p: request.topP,
    stop: request.stop,
    response_format: request.responseFormat,
  };
}

function cachedReply(reply: Reply): CachedReply {
  const cached: CachedReply = { text: reply.text, usage: reply.usage, raw: reply.raw };
  if (reply.finishReason !== undefined) cached.finishReason = reply.finishReason;
  if (reply.model !== undefined) cached.model = reply.model;
  return cached;
}

function isRetryable(error: unknown): error is LlmError {
  if (LlmHttpError.isInstance(error)) return error.status === 408 || error.status === 429 || error.status >= 500;
  return LlmTimeoutError.isInstance(error) || LlmConnectionError.isInstance(error);
}

function messageText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  // Some servers answer with content parts; their text parts, joined, are the text.
  if (Array.isArray(content)) {
    const texts = content.filter((part): part is { text: string } => isRecord(part) && typeof part.text === 'string').map((part) => part.text);
    return texts.length === 0 ? undefined : texts.join('');
  }
  return undefined;
}

function tokenUsage(value: unknown): TokenUsage {
  const count = (field: string) => {
    const number = isRecord(value) ? value[field] : undefined;
    return typeof number === 'number' && Number.isFinite(number) ? number : 0;
  };
  const promptTokens = count('prompt_tokens');
  const completionTokens = count('completion_tokens');
  return { promptTokens, completionTokens, totalTokens: count('total_tokens') || promptTokens + completionTokens };
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return `the request failed (${String(error)})`;
  // Node's fetch says "fetch failed" and puts the reason (ECONNREFUSED, ENOTFOUND...) in `cause`.
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = cause !== undefined && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  const detail = code ?? cause?.message;
  return detail === undefined || detail === '' ? error.message : `${error.message} (${detail})`;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
}

function sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function whole(value: number, setting: string, minimum: number): number {
  if (Number.isInteger(value) && value >= minimum) return value;
  throw new LlmSettingsError({ setting, message: `${setting} is ${String(value)}`, fix: `pass a whole number of at least ${minimum}` });
}

function positive(value: number, setting: string): number {
  if (Number.isFinite(value) && value > 0) return value;
  throw new LlmSettingsError({ setting, message: `${setting} is ${String(value)}`, fix: 'pass a number of milliseconds above 0' });
}
