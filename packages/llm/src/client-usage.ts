/** What a client has spent so far. Cached replies add to `cacheHits` only, not to the token counts. */
export type ClientUsage = {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Requests sent again after a 429, a 5xx, a timeout or a network error. */
  retries: number;
  /** Calls answered from the cache, or by an identical request already in flight. */
  cacheHits: number;
  /** Calls that ended in an error. */
  failures: number;
};

export function emptyUsage(): ClientUsage {
  return { promptTokens: 0, completionTokens: 0, totalTokens: 0, requests: 0, retries: 0, cacheHits: 0, failures: 0 };
}
