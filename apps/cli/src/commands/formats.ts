import { Command } from 'commander';
import { createFormat, formatIds } from '@vift/formats';

export function formatsCommand(): Command {
  return new Command('formats').description('list the dataset formats vift reads and writes').action(() => {
    const rows = formatIds.map((id) => {
      const format = createFormat(id);
      return `${id.padEnd(18)} ${format.label} [${format.defaultContainer} by default]`;
    });
    process.stdout.write(`${rows.join('\n')}\n`);
  });
}
