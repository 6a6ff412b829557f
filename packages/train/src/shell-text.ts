import type { NodeCommand } from './training-plan.js';

const safe = /^[\w@%+=:,./-]+$/;

/** Quotes a word for a POSIX shell, only when it needs it. */
export function shellQuote(word: string): string {
  if (word !== '' && safe.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A node's command as one shell line: `cd <folder> && VAR=value ... argv`. */
export function formatCommand(command: NodeCommand): string {
  const env = Object.entries(command.env).map(([name, value]) => `${name}=${shellQuote(value)}`);
  const line = [...env, ...command.argv.map(shellQuote)].join(' ');
  return command.cwd === undefined ? line : `cd ${shellQuote(command.cwd)} && ${line}`;
}
