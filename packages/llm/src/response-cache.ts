import type { TokenUsage } from './chat-messages.js';

/** A reply as a cache keeps it. `raw` is optional: a file cache may leave the bodies out to stay small. */
export type CachedReply = { text: string; usage: TokenUsage; finishReason?: string; model?: string; raw?: unknown };

/**
 * Where the client keeps replies by request key (see `requestKey`). Any store works: the client awaits
 * both methods, and a reply is written only after it was read whole and checked.
 */
export type ResponseCache = {
  get(key: string): Promise<CachedReply | undefined> | CachedReply | undefined;
  set(key: string, reply: CachedReply): Promise<void> | void;
};

/** A cache in memory, for one process: reruns within it are free. */
export function createMemoryCache(): ResponseCache & { readonly size: number } {
  const replies = new Map<string, CachedReply>();
  return {
    get size() {
      return replies.size;
    },
    get: (key) => replies.get(key),
    set: (key, reply) => {
      replies.set(key, reply);
    },
  };
}
