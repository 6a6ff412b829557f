import { ViftError } from '@vift/schema';

const marker = Symbol.for('vift.error.llm-prompt');

/** The LLM generator cannot run with the prompts it was given: a task without a prompt, an unreadable folder. */
export class LlmPromptError extends ViftError {
  private readonly [marker] = true;

  constructor(options: { message: string; fix: string; cause?: unknown }) {
    super({ name: 'LlmPromptError', ...options });
  }

  static override isInstance(error: unknown): error is LlmPromptError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
