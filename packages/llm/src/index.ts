export { createChatClient, type ChatClient, type ChatClientSettings } from './chat-client.js';
export type { ChatMessage, ChatRequest, ChatResult, ChatRole, ContentPart, ImageUrlPart, TextPart, TokenUsage } from './chat-messages.js';
export type { ClientUsage } from './client-usage.js';
export { LlmError } from './llm-error.js';
export { LlmConnectionError, LlmHttpError, LlmResponseError, LlmRetriesExhaustedError, LlmSettingsError, LlmTimeoutError } from './chat-errors.js';
export { createMemoryCache, type CachedReply, type ResponseCache } from './response-cache.js';
export { canonicalJson, requestKey } from './request-key.js';
export { imageDataUrl, imageMediaType, imagePart } from './image-data-url.js';
export { createRedactor } from './redact.js';
