import { z } from 'zod';
import { sampleSchema } from './sample.js';

/**
 * The JSON Schema (draft 2020-12) of a vift/v1 sample as it appears in JSON: image bytes are base64 strings.
 */
export function sampleJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(sampleSchema, {
    unrepresentable: 'any',
    override: (context) => {
      if (context.zodSchema._zod.def.type === 'custom') {
        context.jsonSchema.type = 'string';
        context.jsonSchema.contentEncoding = 'base64';
      }
    },
  });
  return { $id: 'https://vift.dev/schema/vift-v1.json', title: 'vift/v1 Sample', ...schema };
}
