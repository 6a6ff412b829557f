import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export type ServerRequest = { index: number; body: ChatBody; headers: IncomingHttpHeaders; url: string };
export type ChatBody = { model: string; messages: { role: string; content: unknown }[]; [field: string]: unknown };

/** What the handler answers: a chat completion with `text`, or any status, headers and body. */
export type ServerReply =
  | { text: string; usage?: { prompt_tokens: number; completion_tokens: number }; delayMs?: number }
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Closes the socket without an answer. */
  | { hangUp: true };

export type ChatServer = {
  /** `http://127.0.0.1:<port>/v1` */
  baseURL: string;
  requests: ServerRequest[];
  /** The most requests the server was handling at one time. */
  readonly maxConcurrent: number;
  close(): Promise<void>;
};

/**
 * A real OpenAI-compatible chat server on 127.0.0.1 (a free port) for tests: `POST /v1/chat/completions`
 * answered by `handler`, every request recorded, concurrency counted while requests are being handled.
 */
export async function startChatServer(handler: (request: ServerRequest) => ServerReply | Promise<ServerReply>): Promise<ChatServer> {
  const requests: ServerRequest[] = [];
  let active = 0;
  let maxConcurrent = 0;
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    if (incoming.method !== 'POST' || incoming.url !== '/v1/chat/completions') return send(response, 404, { error: { message: `no route ${incoming.method} ${incoming.url}` } });
    const request: ServerRequest = { index: requests.length, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody, headers: incoming.headers, url: incoming.url };
    requests.push(request);
    active++;
    maxConcurrent = Math.max(maxConcurrent, active);
    try {
      const reply = await handler(request);
      if ('hangUp' in reply) {
        incoming.socket.destroy();
        return;
      }
      if (reply.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if ('text' in reply) {
        const usage = reply.usage ?? { prompt_tokens: 10, completion_tokens: 5 };
        send(response, 200, {
          id: `chatcmpl-${request.index}`,
          object: 'chat.completion',
          created: 1700000000,
          model: request.body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' }],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        });
      } else {
        send(response, reply.status, reply.body ?? '', reply.headers);
      }
    } finally {
      active--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxConcurrent() {
      return maxConcurrent;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  response.end(text);
}

/** The text of a message's content, whether a string or content parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: { text?: string }) => part.text ?? '').join('');
  return '';
}
