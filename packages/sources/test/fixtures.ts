import { fileURLToPath } from 'node:url';

/** A file under the repository's `fixtures/sources/` folder. */
export function fixture(path: string): string {
  return fileURLToPath(new URL(`../../../fixtures/sources/${path}`, import.meta.url));
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The error an async action throws, or a failure when it does not throw. */
export async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
