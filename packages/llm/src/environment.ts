/** An environment variable where there is a `process` (Node, Bun, Deno's Node mode); `undefined` in browsers. */
export function environmentVariable(name: string): string | undefined {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = environment?.[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
