import type { Container, FormatAdapter, FormatId } from './format-adapter.js';
import { createLlavaFormat } from './llava.js';
import { createOpenAiFormat } from './openai.js';
import { createShareGptFormat } from './sharegpt.js';
import { createTrlFormat } from './trl.js';

export const formatIds: readonly FormatId[] = ['llava', 'sharegpt', 'sharegpt-messages', 'trl', 'openai'];

export type CreateFormatOptions = {
  /** OpenAI only: also write id, source and meta, which the upload format does not define. */
  openaiExtras?: boolean;
};

export function createFormat(id: FormatId, options: CreateFormatOptions = {}): FormatAdapter {
  switch (id) {
    case 'llava':
      return createLlavaFormat();
    case 'sharegpt':
      return createShareGptFormat({ spelling: 'conversations' });
    case 'sharegpt-messages':
      return createShareGptFormat({ spelling: 'messages' });
    case 'trl':
      return createTrlFormat();
    case 'openai':
      return createOpenAiFormat({ extras: options.openaiExtras === true });
  }
}

export function isFormatId(value: string): value is FormatId {
  return (formatIds as readonly string[]).includes(value);
}

/** Names accepted on the command line: a format, or a format with its container ("llava-jsonl"). */
export function parseFormatName(name: string): { format: FormatId; container?: Container } | undefined {
  if (isFormatId(name)) return { format: name };
  for (const container of ['jsonl', 'json'] as const) {
    const suffix = `-${container}`;
    const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
    if (base !== undefined && isFormatId(base)) return { format: base, container };
  }
  return undefined;
}

// Most specific first: TRL and LLaMA-Factory records would also pass the looser checks after them.
const detectionOrder: readonly FormatId[] = ['trl', 'sharegpt-messages', 'openai', 'sharegpt', 'llava'];
const detectors = detectionOrder.map((id) => createFormat(id));

/** The format a parsed record looks like, or undefined when none fits. */
export function detectRecordFormat(record: unknown): FormatId | undefined {
  return detectors.find((format) => format.detect(record))?.id;
}
