import { Command } from 'commander';
import { convertCommand } from './commands/convert.js';
import { formatsCommand } from './commands/formats.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { version } from './version.js';

export function createProgram(): Command {
  return new Command('vift')
    .description('vift: build, convert and check visual instruction tuning datasets')
    .version(version, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addCommand(validateCommand())
    .addCommand(convertCommand())
    .addCommand(formatsCommand())
    .addCommand(schemaCommand());
}
