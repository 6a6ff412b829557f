import { Command } from 'commander';
import { buildCommand } from './commands/build.js';
import { convertCommand } from './commands/convert.js';
import { evalCommand } from './commands/eval.js';
import { formatsCommand } from './commands/formats.js';
import { inspectCommand } from './commands/inspect.js';
import { recipeCommand } from './commands/recipe.js';
import { schemaCommand } from './commands/schema.js';
import { scoreCommand } from './commands/score.js';
import { statsCommand } from './commands/stats.js';
import { trainCommand } from './commands/train.js';
import { validateCommand } from './commands/validate.js';
import { viewCommand } from './commands/view.js';
import { withOneLineUsageErrors } from './usage-errors.js';
import { version } from './version.js';

export function createProgram(): Command {
  const program = new Command('vift')
    .description('vift: build, convert and check visual instruction tuning datasets')
    .version(version, '-v, --version')
    .addCommand(validateCommand())
    .addCommand(convertCommand())
    .addCommand(inspectCommand())
    .addCommand(buildCommand())
    .addCommand(trainCommand())
    .addCommand(statsCommand())
    .addCommand(viewCommand())
    .addCommand(recipeCommand())
    .addCommand(evalCommand())
    .addCommand(scoreCommand())
    .addCommand(formatsCommand())
    .addCommand(schemaCommand());
  // addCommand does not pass settings on to the subcommands, so each gets them here.
  for (const command of [program, ...program.commands]) withOneLineUsageErrors(command);
  return program;
}
