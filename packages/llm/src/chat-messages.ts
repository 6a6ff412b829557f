/**
 * Chat messages in the OpenAI wire shape, so they go to the server as they are. Vision models take content
 * parts: text, and images as `image_url` parts whose URL may be a `data:` URL (see `imageDataUrl`).
 */
export type TextPart = { type: 'text'; text: string };
export type ImageUrlPart = { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };
export type ContentPart = TextPart | ImageUrlPart;

export type ChatRole = 'system' | 'user' | 'assistant';
export type ChatMessage = { role: ChatRole; content: string | ContentPart[]; name?: string };

/** What one chat completion costs, as the server counted it. */
export type TokenUsage = { promptTokens: number; completionTokens: number; totalTokens: number };

export type ChatRequest = {
  messages: ChatMessage[];
  /** The client's model unless given here. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  topP?: number;
  stop?: string | string[];
  /** Sent as `response_format`, e.g. `{ type: 'json_object' }`. */
  responseFormat?: Record<string, unknown>;
  /** Other body fields the server understands, sent as they are (and part of the cache key). */
  extraBody?: Record<string, unknown>;
  /** Cancels the request, its retries and their waits; the abort reason is thrown as it is. */
  signal?: AbortSignal;
  /** `false` skips the cache for this request (neither read nor written). */
  cache?: boolean;
};

export type ChatResult = {
  /** The first choice's message content. */
  text: string;
  usage: TokenUsage;
  /** Whether the reply came from the cache (or from an identical request already in flight). */
  cached: boolean;
  finishReason: string | undefined;
  /** The model the server says answered. */
  model: string | undefined;
  /** The reply body as parsed JSON; `undefined` for a cached reply whose cache does not keep bodies. */
  raw: unknown;
};
