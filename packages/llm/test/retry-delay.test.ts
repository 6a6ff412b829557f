import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, retryAfterMs, retryDelay } from '../src/retry-delay.js';
import { canonicalJson, requestKey } from '../src/request-key.js';
import { createSemaphore } from '../src/semaphore.js';

describe('retryDelay', () => {
  it('doubles from the base delay, with jitter between half and the whole', () => {
    expect(retryDelay({ retry: 0, baseDelayMs: 500, random: () => 0 })).toBe(250);
    expect(retryDelay({ retry: 0, baseDelayMs: 500, random: () => 1 })).toBe(500);
    expect(retryDelay({ retry: 3, baseDelayMs: 500, random: () => 1 })).toBe(4000);
    expect(retryDelay({ retry: 30, baseDelayMs: 500, random: () => 1 })).toBe(MAX_RETRY_DELAY_MS);
  });

  it('takes the server’s wait when there is one, capped', () => {
    expect(retryDelay({ retry: 5, baseDelayMs: 500, retryAfterMs: 1200 })).toBe(1200);
    expect(retryDelay({ retry: 0, baseDelayMs: 500, retryAfterMs: 3_600_000 })).toBe(MAX_RETRY_DELAY_MS);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }))).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' }), Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' }), Date.parse('Thu, 22 Oct 2015 07:28:00 GMT'))).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});

describe('requestKey', () => {
  it('is the SHA-256 of the canonical JSON: key order does not matter, content does', async () => {
    const key = await requestKey({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0 });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await requestKey({ temperature: 0, messages: [{ content: 'hi', role: 'user' }], model: 'm', seed: undefined })).toBe(key);
    expect(await requestKey({ model: 'm', messages: [{ role: 'user', content: 'hi!' }], temperature: 0 })).not.toBe(key);
    expect(canonicalJson({ b: [1, { d: 'x', c: null }], a: 'é' })).toBe('{"a":"é","b":[1,{"c":null,"d":"x"}]}');
  });
});

describe('createSemaphore', () => {
  it('runs at most `limit` tasks at once, in order, and frees slots after failures', async () => {
    const semaphore = createSemaphore(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (index: number) => async () => {
      started.push(index);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (index === 1) throw new Error('task 1 failed');
      return index;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((index) => semaphore.run(task(index))));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(semaphore.active).toBe(0);
  });
});
