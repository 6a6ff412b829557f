import { readFile } from 'node:fs/promises';
import { describe, it } from 'vitest';
import { cliPackagePath, runCli } from './run-cli.js';

describe('vift help, version, formats and schema', () => {
  const commands = [[], ['validate'], ['convert'], ['build'], ['recipe'], ['recipe', 'show'], ['formats'], ['schema']];
  for (const command of commands) {
    it.concurrent(`prints the help of "vift ${command.join(' ')}" with --help and exits 0`, async ({ expect }) => {
      const result = await runCli([...command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout.startsWith(`Usage: ${['vift', ...command].join(' ')} [options]`)).toBe(true);
      expect(result.stdout).toContain('-h, --help');
    });
  }

  it.concurrent('prints the version of the vift package with --version', async ({ expect }) => {
    const { version } = JSON.parse(await readFile(cliPackagePath, 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${version}\n`);
  });

  it.concurrent('lists every format', async ({ expect }) => {
    const result = await runCli(['formats']);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').map((line) => line.split(' ')[0])).toEqual(['llava', 'sharegpt', 'sharegpt-messages', 'trl', 'openai']);
  });

  it.concurrent('prints the sample JSON Schema', async ({ expect }) => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { properties?: Record<string, unknown> };
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(['id', 'images', 'turns']));
  });
});
