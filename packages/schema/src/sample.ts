import { z } from 'zod';
import { jsonObjectSchema } from './json-value.js';

/** The token that stands for one image inside a turn's text: the k-th one is `images[k]`. */
export const IMAGE_PLACEHOLDER = '<image>';

/** The format identifier written into files and dataset cards. */
export const FORMAT_VERSION = 'vift/v1';

export const provenanceSchema = z
  .strictObject({
    dataset: z.string().min(1).describe('The dataset the sample or turn came from, e.g. "vqav2".'),
    task: z.string().optional().describe('The task generator that made it, e.g. "short-vqa".'),
    template: z.string().optional().describe('The id of the instruction template used.'),
    annotationId: z.string().optional().describe('The id of the source annotation.'),
  })
  .describe('Where a sample or a turn came from.');

export const roleSchema = z.enum(['system', 'user', 'assistant']);

export const turnSchema = z
  .strictObject({
    role: roleSchema,
    text: z.string().describe('The turn text; "<image>" marks where an image goes.'),
    source: provenanceSchema.optional(),
    meta: jsonObjectSchema.optional().describe('Anything else the source format carried on this turn.'),
  })
  .describe('One message of a dialog.');

export const imageRefSchema = z
  .strictObject({
    path: z.string().min(1).optional().describe('Path relative to the dataset image root, or a URL.'),
    bytes: z
      .custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'expected bytes (a Uint8Array)' })
      .optional().describe('The encoded image file (JPEG, PNG, ...).'),
    cocoId: z.number().int().nonnegative().optional().describe('The COCO image id, when known.'),
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
  })
  .describe('One image: a path, the encoded bytes, or both.');

export const sampleSchema = z
  .strictObject({
    id: z.string().min(1).describe('Unique within a dataset.'),
    images: z.array(imageRefSchema).describe('In order; the k-th "<image>" placeholder is images[k].'),
    turns: z
      .array(turnSchema)
      .describe('An optional system turn, then user and assistant turns alternating, ending with assistant.'),
    source: provenanceSchema.optional(),
    meta: jsonObjectSchema.optional().describe('Everything else, carried through every round trip.'),
  })
  .describe(`A ${FORMAT_VERSION} visual instruction tuning sample.`);

export type Provenance = z.infer<typeof provenanceSchema>;
export type Role = z.infer<typeof roleSchema>;
export type Turn = z.infer<typeof turnSchema>;
export type ImageRef = z.infer<typeof imageRefSchema>;
export type Sample = z.infer<typeof sampleSchema>;
