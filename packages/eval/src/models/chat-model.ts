import { imagePart, type ChatClient, type ChatMessage, type ContentPart } from '@vift/llm';
import type { Model, ModelRequest } from './model.js';

export type ChatModelSettings = {
  client: ChatClient;
  /** The name the server knows the model by; the client's by default. */
  model?: string;
  systemPrompt?: string;
  maxTokens?: number;
  /** 0 by default, so answers repeat and the response cache can serve a resumed run. */
  temperature?: number;
};

/** The dialog as chat messages: the image with the first question, then alternating answers and questions. */
export function dialogMessages(request: Pick<ModelRequest, 'image' | 'turns'>, systemPrompt?: string): ChatMessage[] {
  const messages: ChatMessage[] = systemPrompt === undefined ? [] : [{ role: 'system', content: systemPrompt }];
  request.turns.forEach((turn, index) => {
    if (index === 0 && request.image !== undefined) {
      const parts: ContentPart[] = [imagePart(request.image), { type: 'text', text: turn.question }];
      messages.push({ role: 'user', content: parts });
    } else {
      messages.push({ role: 'user', content: turn.question });
    }
    if (index < request.turns.length - 1) messages.push({ role: 'assistant', content: turn.answer ?? '' });
  });
  return messages;
}

/**
 * A vision chat model behind an OpenAI-compatible endpoint: the image goes as a data URL with the first
 * question, and every later question is asked with the whole dialog before it.
 */
export function createChatModel(settings: ChatModelSettings): Model {
  const name = settings.model ?? settings.client.model;
  return {
    specificationVersion: 'v1',
    name,
    async respond(request) {
      const result = await settings.client.chat({
        messages: dialogMessages(request, settings.systemPrompt),
        model: name,
        temperature: settings.temperature ?? 0,
        ...(settings.maxTokens === undefined ? {} : { maxTokens: settings.maxTokens }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      });
      return result.text;
    },
  };
}
