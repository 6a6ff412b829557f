/** At most `limit` tasks run at once; the others wait in order. */
export type Semaphore = { run<T>(task: () => Promise<T>): Promise<T>; readonly active: number };

export function createSemaphore(limit: number): Semaphore {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    get active() {
      return active;
    },
    async run(task) {
      if (active < limit) active++;
      // A finishing task hands its slot straight to the next waiter, so `active` never exceeds the limit.
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next === undefined) active--;
        else next();
      }
    },
  };
}
