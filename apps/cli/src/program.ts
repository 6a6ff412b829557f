import { Command } from 'commander';
import { withOneLineUsageErrors } from './usage-errors.js';
import { version } from './version.js';

/**
 * Each command's module, loaded only when needed: a run of one command loads that command alone (and the
 * packages it uses), which keeps `vift view` and the quick commands from loading every package at start.
 */
const commandModules: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./commands/validate.js')).validateCommand(),
  convert: async () => (await import('./commands/convert.js')).convertCommand(),
  inspect: async () => (await import('./commands/inspect.js')).inspectCommand(),
  build: async () => (await import('./commands/build.js')).buildCommand(),
  train: async () => (await import('./commands/train.js')).trainCommand(),
  stats: async () => (await import('./commands/stats.js')).statsCommand(),
  view: async () => (await import('./commands/view.js')).viewCommand(),
  recipe: async () => (await import('./commands/recipe.js')).recipeCommand(),
  eval: async () => (await import('./commands/eval.js')).evalCommand(),
  score: async () => (await import('./commands/score.js')).scoreCommand(),
  formats: async () => (await import('./commands/formats.js')).formatsCommand(),
  schema: async () => (await import('./commands/schema.js')).schemaCommand(),
};

/**
 * The `vift` program. `commandName`: the first argument; when it names a command only that one is loaded,
 * for --version none; otherwise (help, a mistyped name) every command is, for the full list.
 */
export async function createProgram(commandName?: string): Promise<Command> {
  const names =
    commandName === '-v' || commandName === '--version' ? [] : commandName !== undefined && Object.hasOwn(commandModules, commandName) ? [commandName] : Object.keys(commandModules);
  const commands = await Promise.all(names.map((name) => commandModules[name]!()));
  const program = new Command('vift').description('vift: build, convert and check visual instruction tuning datasets').version(version, '-v, --version');
  for (const command of commands) program.addCommand(command);
  // addCommand does not pass settings on to the subcommands, so each gets them here.
  for (const command of [program, ...program.commands]) withOneLineUsageErrors(command);
  return program;
}
