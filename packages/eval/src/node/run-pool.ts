/**
 * Runs `work` over the items with at most `concurrency` in flight. The first failure stops new work from
 * starting (and aborts the signal given to the rest); it is thrown once everything started has settled.
 */
export async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T, signal: AbortSignal) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) controller.abort(signal.reason);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && failure === undefined && !controller.signal.aborted) {
      const item = items[next++]!;
      try {
        await work(item, controller.signal);
      } catch (error) {
        if (failure === undefined) failure = { error };
        controller.abort(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (failure !== undefined) throw failure.error;
  if (signal?.aborted) throw signal.reason;
}
