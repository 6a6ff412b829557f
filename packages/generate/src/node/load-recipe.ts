import { readFile } from 'node:fs/promises';
import { ViftError } from '@vift/schema';
import { BUILTIN_RECIPES } from '../recipes/builtin-recipes.js';
import { recipeSchema, type Recipe } from '../recipes/recipe.js';

/**
 * A built-in recipe by name (`coco-all`, `mix665k-like`), or a user's recipe from a JSON file; defaults
 * are filled in, and a wrong setting is one line naming the file, the key and what is allowed.
 */
export async function loadRecipe(nameOrFile: string): Promise<Recipe> {
  const builtin = BUILTIN_RECIPES[nameOrFile];
  if (builtin !== undefined) return builtin;
  if (!nameOrFile.endsWith('.json')) {
    throw new ViftError({ message: `unknown recipe "${nameOrFile}"`, fix: `use one of ${Object.keys(BUILTIN_RECIPES).join(', ')} or a recipe .json file` });
  }
  const text = await readFile(nameOrFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ViftError({ message: `${nameOrFile}: cannot read the recipe (${error.code ?? error.message})`, fix: 'check the path' });
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ViftError({ message: `${nameOrFile}: the recipe is not valid JSON (${(error as Error).message})`, fix: 'fix the JSON syntax' });
  }
  const parsed = recipeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.path.join('.') || '(top level)';
  throw new ViftError({ message: `${nameOrFile}: recipe key "${key}": ${issue.message}`, fix: 'see `vift recipe show coco-all` for every key and its default' });
}
