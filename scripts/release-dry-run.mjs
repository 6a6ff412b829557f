// `npm run release`: everything a release does, without publishing. In a throwaway git worktree it applies
// the pending changesets (`changeset version`) and prints each package's next version; then, for every
// public package, it checks what `npm pack` would put in the tarball (built entry points, README, LICENSE,
// no tests or fixtures) and that its dependencies on sibling packages point at versions that exist.
// publint and are-the-types-wrong run before it (`turbo run lint`). Exit 1 on any problem.
// Publishing for real is `npx changeset publish`, by hand, after `npx changeset version` is committed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const changesetBin = join(root, 'node_modules/@changesets/cli/bin.js');
const problems = [];

/** Workspace folders with a package.json under `base`. */
const workspacesOf = (base) =>
  ['packages', 'apps'].flatMap((parent) =>
    readdirSync(join(base, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(base, parent, entry.name, 'package.json')))
      .map((entry) => join(parent, entry.name)),
  );
const manifest = (folder, base = root) => JSON.parse(readFileSync(join(base, folder, 'package.json'), 'utf8'));

// 1. The versions the pending changesets give, computed in a worktree so this checkout is untouched.
const worktree = join(mkdtempSync(join(tmpdir(), 'vift-release-')), 'tree');
execFileSync('git', ['worktree', 'add', '--detach', '--quiet', worktree, 'HEAD'], { cwd: root });
// What is committed is what gets released: packages only in this checkout's working tree are left out.
let published = [];
try {
  published = workspacesOf(worktree).filter((folder) => manifest(folder, worktree).private !== true);
  const pending = readdirSync(join(worktree, '.changeset')).filter((name) => name.endsWith('.md') && name !== 'README.md');
  console.log(`${pending.length} pending changesets; next versions:`);
  execFileSync(process.execPath, [changesetBin, 'version'], { cwd: worktree, stdio: 'pipe' });
  const next = new Map(published.map((folder) => [manifest(folder).name, manifest(folder, worktree).version]));
  for (const folder of published) {
    const before = manifest(folder);
    const after = manifest(folder, worktree);
    console.log(`  ${before.name.padEnd(16)} ${before.version} → ${after.version}`);
    for (const [name, range] of Object.entries(after.dependencies ?? {})) {
      if (next.has(name) && range !== next.get(name) && !range.includes(next.get(name))) problems.push(`${after.name}: depends on ${name}@${range}, but the release makes ${next.get(name)}`);
    }
    if (!existsSync(join(worktree, folder, 'CHANGELOG.md')) && before.version !== after.version) problems.push(`${after.name}: no CHANGELOG.md written`);
  }
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
  rmSync(join(worktree, '..'), { recursive: true, force: true });
}

// 2. What each tarball would hold.
console.log('tarballs:');
for (const folder of published) {
  const pkg = manifest(folder);
  const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: join(root, folder), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  const files = report.files.map((file) => file.path);
  const needed = ['package.json', 'README.md', 'LICENSE'];
  for (const entry of Object.values(pkg.exports ?? {})) {
    if (typeof entry === 'object' && entry.import !== undefined) needed.push(entry.import.replace(/^\.\//, ''), entry.types.replace(/^\.\//, ''));
  }
  for (const bin of Object.values(typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {}))) needed.push(bin.replace(/^\.\//, ''));
  for (const file of needed) if (!files.includes(file)) problems.push(`${pkg.name}: the tarball lacks ${file} (build first, or fix "files")`);
  for (const file of files) {
    if (/(^|\/)(test|tests|fixtures|__fixtures__)\//.test(file) || /\.test\.[cm]?[jt]s$/.test(file)) problems.push(`${pkg.name}: the tarball would ship ${file}`);
  }
  if (pkg.license === undefined) problems.push(`${pkg.name}: no "license" in package.json`);
  console.log(`  ${pkg.name.padEnd(16)} ${files.length} files, ${(report.size / 1024).toFixed(0)} kB packed`);
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`release: ${problem}`);
  process.exitCode = 1;
} else {
  console.log('release dry run: ok (publish with `npx changeset version`, commit, then `npx changeset publish`)');
}
