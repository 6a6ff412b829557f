import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LlmPromptError } from '../llm-prompt-error.js';
import { LLM_TASKS, type LlmTask } from '../llm-tasks.js';
import type { FewShotExample, TaskPrompt } from '../task-prompt.js';

const EXAMPLE_FILE = /^(\d+)_(caps|conv)\.txt$/;

/**
 * Reads prompts laid out like LLaVA's `playground/data/prompts/`: one folder per task (`conversation`,
 * `detail_description`, `complex_reasoning`), each with `system_message.txt` and numbered pairs
 * `000_caps.txt` (a context) / `000_conv.txt` (its reply), taken in number order. Tasks whose folder is
 * missing are left out; a folder without its system message, or with a context and no reply, throws.
 */
export async function loadTaskPrompts(options: { folder: string; tasks?: readonly LlmTask[]; idPrefix?: string }): Promise<Partial<Record<LlmTask, TaskPrompt>>> {
  const prompts: Partial<Record<LlmTask, TaskPrompt>> = {};
  const tasks = options.tasks ?? (Object.keys(LLM_TASKS) as LlmTask[]);
  for (const task of tasks) {
    const folder = join(options.folder, LLM_TASKS[task].folder);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && options.tasks === undefined) continue;
      throw new LlmPromptError({ message: `${folder}: cannot read the prompt folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, fix: `pass the folder that holds ${LLM_TASKS[task].folder}/system_message.txt`, cause: error });
    }
    if (!names.includes('system_message.txt')) {
      throw new LlmPromptError({ message: `${folder}: there is no system_message.txt`, fix: 'add the system message, or remove the folder' });
    }
    const pairs = new Map<string, { caps?: string; conv?: string }>();
    for (const name of names) {
      const match = EXAMPLE_FILE.exec(name);
      if (match === null) continue;
      const pair = pairs.get(match[1]!) ?? {};
      pair[match[2] as 'caps' | 'conv'] = name;
      pairs.set(match[1]!, pair);
    }
    const examples: FewShotExample[] = [];
    for (const [number, pair] of [...pairs].sort(([left], [right]) => Number(left) - Number(right))) {
      if (pair.caps === undefined || pair.conv === undefined) {
        throw new LlmPromptError({ message: `${folder}: example ${number} has ${pair.caps === undefined ? `no ${number}_caps.txt` : `no ${number}_conv.txt`}`, fix: 'every example needs both its context (_caps) and its reply (_conv)' });
      }
      examples.push({ context: await text(join(folder, pair.caps)), response: await text(join(folder, pair.conv)) });
    }
    prompts[task] = { id: `${options.idPrefix ?? 'llava'}-${LLM_TASKS[task].folder.replace(/_/g, '-')}`, systemMessage: await text(join(folder, 'system_message.txt')), examples };
  }
  return prompts;
}

/** A prompt file's text without the trailing newline an editor may add. */
async function text(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).replace(/\s+$/, '');
}
