import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatClient, createRedactor } from '../src/index.js';
import { startChatServer, type ChatServer } from './chat-server.js';

const KEY = 'sk-proj-Zx81secretKEY0000aaaa';
let server: ChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every way an error reaches a log: message, one-line form, string, JSON, and Node's inspect with causes. */
function everyRendering(error: unknown): string {
  const record = error as Error & { toLine(): string };
  return [record.message, record.toLine(), String(record), JSON.stringify(record), inspect(record, { depth: 10 }), record.stack ?? ''].join('\n');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('API key redaction', () => {
  it('keeps the key out of an HTTP error whose body echoes it', async () => {
    server = await startChatServer(({ headers }) => ({
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${KEY}. You sent ${headers.authorization}.`, type: 'invalid_request_error' } },
    }));
    const client = createChatClient({ baseURL: server.baseURL, apiKey: KEY, model: 'm' });
    const error = await rejection(client.chat({ messages: [{ role: 'user', content: 'hi' }] }));
    const text = everyRendering(error);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('Zx81secret');
    expect((error as Error).message).toContain('Incorrect API key provided: [redacted]. You sent Bearer [redacted].');
  });

  it('keeps the key out of the error after retries', async () => {
    server = await startChatServer(() => ({ status: 500, body: `upstream rejected Authorization: Bearer ${KEY}` }));
    const client = createChatClient({ baseURL: server.baseURL, apiKey: KEY, model: 'm', maxRetries: 1, retryBaseDelayMs: 1 });
    const text = everyRendering(await rejection(client.chat({ messages: [{ role: 'user', content: 'hi' }] })));
    expect(text).toContain('gave up after 2 attempts');
    expect(text).not.toContain(KEY);
  });

  it('keeps secret headers the caller passes out of errors', async () => {
    const azureKey = 'b3f1c9d2e4a54f6a8b7c6d5e4f3a2b1c';
    server = await startChatServer(({ headers }) => ({ status: 403, body: `key ${String(headers['api-key'])} has no access to this deployment` }));
    const client = createChatClient({ baseURL: server.baseURL, model: 'm', headers: { 'api-key': azureKey } });
    const text = everyRendering(await rejection(client.chat({ messages: [{ role: 'user', content: 'hi' }] })));
    expect(text).toContain('key [redacted] has no access');
    expect(text).not.toContain(azureKey);
  });

  it('keeps the key out of the client object', () => {
    const client = createChatClient({ baseURL: 'http://127.0.0.1:9/v1', apiKey: KEY, model: 'm' });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(client)).not.toContain(KEY);
  });

  it('blanks every occurrence of each secret and any bearer token', () => {
    const redact = createRedactor([KEY, undefined, 'abc']);
    expect(redact(`${KEY} and again ${KEY}`)).toBe('[redacted] and again [redacted]');
    expect(redact('Authorization: Bearer eyJhbGciOi.other-token, next')).toBe('Authorization: Bearer [redacted], next');
    // Secrets shorter than four characters would blank ordinary words, so they are left alone.
    expect(redact('abc')).toBe('abc');
  });
});
