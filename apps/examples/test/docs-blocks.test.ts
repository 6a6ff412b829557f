import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('../../../', import.meta.url));
// Scripts must sit inside the repository so that `@vift/...` imports resolve; they are git-ignored.
const scriptFolder = join(repository, 'apps/examples/.runnable');
const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
  await rm(scriptFolder, { recursive: true, force: true });
});

type Block = { language: 'sh' | 'js'; code: string; line: number };

/** Fenced blocks whose info string is `sh runnable` or `js runnable`, in order. */
function runnableBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const pattern = /^```(sh|js) runnable\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(pattern)) {
    blocks.push({ language: match[1] as Block['language'], code: match[2]!, line: markdown.slice(0, match.index).split('\n').length });
  }
  return blocks;
}

const documents = ['README.md', ...(await readdir(join(repository, 'docs'))).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const withBlocks = (
  await Promise.all(documents.map(async (document) => ({ document, blocks: runnableBlocks(await readFile(join(repository, document), 'utf8')) })))
).filter((entry) => entry.blocks.length > 0);

describe('runnable blocks in the docs', () => {
  it('some exist (getting-started has several)', () => {
    expect(withBlocks.find((entry) => entry.document === 'docs/getting-started.md')?.blocks.length).toBeGreaterThanOrEqual(5);
  });

  for (const { document, blocks } of withBlocks) {
    it(`${document}: every block marked runnable runs, in order, in a fresh folder`, async () => {
      const folder = await mkdtemp(join(tmpdir(), 'vift-docs-'));
      folders.push(folder);
      await symlink(join(repository, 'fixtures'), join(folder, 'fixtures'));
      const bin = join(folder, '.bin');
      await mkdir(bin);
      await writeFile(join(bin, 'vift'), `#!/bin/sh\nexec "${process.execPath}" "${join(repository, 'apps/cli/dist/bin.js')}" "$@"\n`);
      await chmod(join(bin, 'vift'), 0o755);
      await mkdir(scriptFolder, { recursive: true });
      const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
      for (const [index, block] of blocks.entries()) {
        const where = `${document}:${block.line}`;
        try {
          if (block.language === 'sh') {
            await run('bash', ['-euo', 'pipefail', '-c', block.code], { cwd: folder, env });
          } else {
            const script = join(scriptFolder, `${document.replace(/\W+/g, '-')}-${index}.mjs`);
            await writeFile(script, block.code);
            await run(process.execPath, [script], { cwd: folder, env });
          }
        } catch (error) {
          const failure = error as { stderr?: string; message: string };
          throw new Error(`${where}: the block failed: ${failure.stderr?.trim() || failure.message}`);
        }
      }
    });
  }
});
