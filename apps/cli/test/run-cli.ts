import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The built command line; turbo builds it before the tests run. */
export const binPath = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
export const cliPackagePath = fileURLToPath(new URL('../package.json', import.meta.url));
export const fixturesPath = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

export type CliResult = { code: number | null; stdout: string; stderr: string; seconds: number };

/** Runs `node dist/bin.js ...args` as a child process with pipes (so stderr is not a terminal). */
export function runCli(args: readonly string[], options: { cwd?: string; nodeOptions?: readonly string[]; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), binPath, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

/**
 * A fresh temporary folder per call, inside one folder per test file that is removed after the file's
 * tests (they may run concurrently, so nothing is removed while one of them runs).
 */
export function useTempFolders(): () => Promise<string> {
  let root: Promise<string> | undefined;
  afterAll(async () => {
    if (root !== undefined) await rm(await root, { recursive: true, force: true });
  });
  return async () => {
    root ??= mkdtemp(join(tmpdir(), 'vift-cli-test-'));
    return mkdtemp(join(await root, 'case-'));
  };
}
