/** Longest wait between two attempts, whatever the server's `Retry-After` asks for. */
export const MAX_RETRY_DELAY_MS = 60_000;

/**
 * How long to wait before retry number `retry` (0 for the first): the server's `Retry-After` when it sent
 * one, else exponential backoff from `baseDelayMs` with jitter, so clients that failed together do not
 * come back together.
 */
export function retryDelay(options: { retry: number; baseDelayMs: number; retryAfterMs?: number; random?: () => number }): number {
  if (options.retryAfterMs !== undefined) return Math.min(Math.max(0, options.retryAfterMs), MAX_RETRY_DELAY_MS);
  const exponential = Math.min(options.baseDelayMs * 2 ** options.retry, MAX_RETRY_DELAY_MS);
  const random = options.random ?? Math.random;
  return Math.round(exponential * (0.5 + random() / 2));
}

/**
 * The wait a reply asks for, in milliseconds: `retry-after-ms` (OpenAI's), else `Retry-After` as seconds
 * or as an HTTP date. `undefined` when neither is there or readable.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && milliseconds.trim() !== '' && Number.isFinite(Number(milliseconds))) return Math.max(0, Number(milliseconds));
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
