import { z } from 'zod';

export const SOURCE_DATASETS = [
  'coco-caption',
  'coco-instances',
  'vg-region',
  'vg-qa',
  'vqav2',
  'ok-vqa',
  'a-okvqa',
  'tallyqa',
  'vqa-e',
  'vsr',
  'st-vqa',
  'coco-qa',
  'image-paragraph',
  'visdial',
  'refcoco',
  'refcoco+',
  'refcocog',
  'llava-instruct',
  'sharegpt4v',
  'lvis-instruct4v',
] as const;

/**
 * A recipe: everything that decides the dataset besides the input files, so the same recipe and inputs
 * give the same bytes. Strict: a misspelt key is an error, not a silently ignored setting.
 */
export const recipeSchema = z
  .object({
    name: z.string().min(1).regex(/^[\w.+-]+$/, 'letters, digits, ".", "+", "-" and "_" only'),
    description: z.string().default(''),
    seed: z.number().int().default(0),
    /**
     * `mixed-dialogs`: the paper's way: every turn carries its own answer-format instruction and one
     * image's dialogs mix sources and answer lengths. `first-turn-suffix`: LLaVA-1.5's way: one dialog per
     * image and source, a short-answer instruction on the first turn only.
     */
    dialogStyle: z.enum(['mixed-dialogs', 'first-turn-suffix']).default('mixed-dialogs'),
    /** Source datasets to use; left out, every dataset found among the inputs. */
    datasets: z.array(z.enum(SOURCE_DATASETS)).min(1).optional(),
    wording: z.enum(['verbatim', 'paraphrased']).default('verbatim'),
    perImage: z
      .object({
        captions: z.number().int().min(0).default(1),
        regions: z.number().int().min(0).default(3),
        referring: z.number().int().min(0).default(2),
        counts: z.number().int().min(0).default(1),
        objectList: z.boolean().default(true),
        questionsPerDataset: z.number().int().min(0).default(0),
      })
      .strict()
      .prefault({}),
    dialog: z
      .object({
        maxTurns: z.number().int().min(1).default(12),
        maxTokens: z.number().int().min(64).default(2048),
        imageTokens: z.number().int().min(0).default(576),
      })
      .strict()
      .prefault({}),
    /** Image paths are `${imageFolder}/${split}/${file name}`, as LLaVA's `image` fields read. */
    imageFolder: z.string().default('coco'),
  })
  .strict();

export type RecipeInput = z.input<typeof recipeSchema>;
export type Recipe = z.output<typeof recipeSchema>;
