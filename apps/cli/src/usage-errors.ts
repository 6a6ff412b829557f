import type { Command } from 'commander';

/**
 * Makes a command's usage mistakes look like every other vift error, one line with the fix
 * ("vift: convert: unknown option '--tp'. Fix: ..."), and hands them to bin.ts as exceptions so that
 * they exit 2. Commander would otherwise exit by itself, with status 1 from a subcommand.
 */
export function withOneLineUsageErrors(command: Command): Command {
  return command.exitOverride().configureOutput({
    outputError: (text, write) => {
      const name = command.parent === null ? 'vift' : `vift ${command.name()}`;
      const message = text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim().replace(/\.$/, '');
      const fix = message.includes('Fix: ') ? '' : `. Fix: run "${name} --help" for the usage`;
      const place = command.parent === null ? '' : `${command.name()}: `;
      write(`vift: ${place}${message}${fix}\n`);
    },
  });
}
