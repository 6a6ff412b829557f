import type { ChatMessage } from '@vift/llm';

/** A symbolic context and the reply the model should give for it. */
export type FewShotExample = { context: string; response: string };

/** What the model is told for one task: a system message, then worked examples. */
export type TaskPrompt = {
  /** Named in the turns' provenance as their template, e.g. `llava-conversation`. */
  id: string;
  systemMessage: string;
  examples: FewShotExample[];
};

/**
 * The messages of one request, in the order LLaVA used: the system message, each example as a user
 * message (its context) and an assistant message (its reply), then the image's own context.
 */
export function fewShotMessages(prompt: TaskPrompt, context: string): ChatMessage[] {
  return [
    { role: 'system', content: prompt.systemMessage },
    ...prompt.examples.flatMap((example): ChatMessage[] => [
      { role: 'user', content: example.context },
      { role: 'assistant', content: example.response },
    ]),
    { role: 'user', content: context },
  ];
}
