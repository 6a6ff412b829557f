import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, fixturesPath, runCli } from './run-cli.js';

describe('vift view', () => {
  it('serves a dataset until interrupted, printing its address alone on stdout', async () => {
    const child = spawn(process.execPath, [binPath, 'view', join(fixturesPath, 'images', 'llava-coco-val2017-4.json'), '--no-open'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
      void exited.then((code) => reject(new Error(`vift view exited with ${code} before serving`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = (await (await fetch(new URL('/api/samples?limit=10', url))).json()) as { total: number; complete: boolean; items: Array<{ id: string }> };
    expect(page.items.map((item) => item.id)).toEqual(['000000000802', '000000011813', '000000117645', '000000205401-000000117645']);
    const image = await fetch(new URL('/api/image?index=0&image=0', url));
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('says in one line what is wrong with --port and with the dataset', async () => {
    const port = await runCli(['view', 'x.json', '--port', 'abc']);
    expect(port.code).toBe(2);
    expect(port.stderr).toBe(`vift: view: option '--port <n>' argument 'abc' is invalid. "abc" is not a port. Fix: give a whole number from 0 to 65535 (0: any free port)\n`);
    const missing = await runCli(['view', 'no-such-dataset.json', '--no-open']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('vift: no-such-dataset.json: no such file or folder. Fix: check the path of the dataset\n');
  });
});
