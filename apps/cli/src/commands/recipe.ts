import { Command } from 'commander';
import { BUILTIN_RECIPES } from '@vift/generate';
import { loadRecipe } from '@vift/generate/node';

export function recipeCommand(): Command {
  const recipe = new Command('recipe').description('list and print dataset recipes (the built-in ones, or yours from a JSON file)');
  recipe
    .command('list')
    .description('list the built-in recipes')
    .action(() => {
      for (const builtin of Object.values(BUILTIN_RECIPES)) process.stdout.write(`${builtin.name}\t${builtin.description}\n`);
    });
  recipe
    .command('show')
    .description('print a recipe as JSON with every default filled in: save it, edit it, pass it to `vift build --recipe`')
    .argument('<recipe>', 'a built-in recipe name (coco-all, mix665k-like) or a recipe .json file')
    .action(async (nameOrFile: string) => {
      process.stdout.write(`${JSON.stringify(await loadRecipe(nameOrFile), null, 2)}\n`);
    });
  return recipe;
}
