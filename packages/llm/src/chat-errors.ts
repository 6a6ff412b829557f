import { LlmError } from './llm-error.js';

const httpMarker = Symbol.for('vift.error.llm.http');
const timeoutMarker = Symbol.for('vift.error.llm.timeout');
const connectionMarker = Symbol.for('vift.error.llm.connection');
const responseMarker = Symbol.for('vift.error.llm.response');
const retriesMarker = Symbol.for('vift.error.llm.retries-exhausted');
const settingsMarker = Symbol.for('vift.error.llm.settings');

const isBranded = (error: unknown, marker: symbol) => typeof error === 'object' && error !== null && marker in error;

/** The server answered with a status other than 2xx. `body` is a short, redacted excerpt of its reply. */
export class LlmHttpError extends LlmError {
  private readonly [httpMarker] = true;
  readonly url: string;
  readonly status: number;
  readonly body: string;
  /** What the server's `Retry-After` (or `retry-after-ms`) asked for, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(options: { url: string; status: number; body: string; retryAfterMs?: number }) {
    const excerpt = options.body === '' ? '' : `: ${options.body}`;
    super({ name: 'LlmHttpError', message: `POST ${options.url}: HTTP ${options.status}${excerpt}`, fix: fixForStatus(options.status) });
    this.url = options.url;
    this.status = options.status;
    this.body = options.body;
    this.retryAfterMs = options.retryAfterMs;
  }

  static override isInstance(error: unknown): error is LlmHttpError {
    return isBranded(error, httpMarker);
  }
}

function fixForStatus(status: number): string {
  if (status === 401 || status === 403) return 'check the API key (the apiKey option or OPENAI_API_KEY) and its access to the model';
  if (status === 404) return 'check baseURL (it usually ends in /v1) and the model name';
  if (status === 429) return 'lower the concurrency, or wait for the rate limit to reset';
  if (status >= 500) return 'the server failed; run again later (cached replies are not requested again)';
  return 'check the request: the model name, the messages and parameters such as maxTokens';
}

/** No complete reply within `timeoutMs`. */
export class LlmTimeoutError extends LlmError {
  private readonly [timeoutMarker] = true;
  readonly url: string;
  readonly timeoutMs: number;

  constructor(options: { url: string; timeoutMs: number }) {
    super({ name: 'LlmTimeoutError', message: `POST ${options.url}: no reply within ${options.timeoutMs} ms`, fix: 'raise timeoutMs, or ask for fewer tokens' });
    this.url = options.url;
    this.timeoutMs = options.timeoutMs;
  }

  static override isInstance(error: unknown): error is LlmTimeoutError {
    return isBranded(error, timeoutMarker);
  }
}

/** The request never got an answer: refused connection, DNS failure, reset socket. */
export class LlmConnectionError extends LlmError {
  private readonly [connectionMarker] = true;
  readonly url: string;

  constructor(options: { url: string; reason: string; cause?: unknown }) {
    super({ name: 'LlmConnectionError', message: `POST ${options.url}: ${options.reason}`, fix: 'check that the server is running and that baseURL points at it', cause: options.cause });
    this.url = options.url;
  }

  static override isInstance(error: unknown): error is LlmConnectionError {
    return isBranded(error, connectionMarker);
  }
}

/** A 2xx reply that is not a chat completion: not JSON, no choices, no message content. */
export class LlmResponseError extends LlmError {
  private readonly [responseMarker] = true;
  readonly url: string;
  readonly reason: string;
  /** A short, redacted excerpt of the reply. */
  readonly body: string;

  constructor(options: { url: string; reason: string; body: string }) {
    super({
      name: 'LlmResponseError',
      message: `POST ${options.url}: ${options.reason}${options.body === '' ? '' : ` (reply: ${options.body})`}`,
      fix: 'check that baseURL points at an OpenAI-compatible chat completions endpoint',
    });
    this.url = options.url;
    this.reason = options.reason;
    this.body = options.body;
  }

  static override isInstance(error: unknown): error is LlmResponseError {
    return isBranded(error, responseMarker);
  }
}

/** Every attempt failed with an error worth retrying; `lastError` (also the `cause`) is the final one. */
export class LlmRetriesExhaustedError extends LlmError {
  private readonly [retriesMarker] = true;
  readonly attempts: number;
  readonly lastError: LlmError;

  constructor(options: { attempts: number; lastError: LlmError }) {
    super({
      name: 'LlmRetriesExhaustedError',
      message: `gave up after ${options.attempts} attempts; the last: ${options.lastError.message}`,
      fix: options.lastError.fix ?? 'run again later',
      cause: options.lastError,
    });
    this.attempts = options.attempts;
    this.lastError = options.lastError;
  }

  static override isInstance(error: unknown): error is LlmRetriesExhaustedError {
    return isBranded(error, retriesMarker);
  }
}

/** The client cannot be made: no base URL, no model, a value out of range. */
export class LlmSettingsError extends LlmError {
  private readonly [settingsMarker] = true;
  readonly setting: string;

  constructor(options: { setting: string; message: string; fix: string }) {
    super({ name: 'LlmSettingsError', message: options.message, fix: options.fix });
    this.setting = options.setting;
  }

  static override isInstance(error: unknown): error is LlmSettingsError {
    return isBranded(error, settingsMarker);
  }
}
