import { BASELINE_TEMPLATES } from './baseline-templates.js';
import { TABLE_1_TEMPLATES } from './table-1.js';
import type { Template } from './template.js';
import { VIFT_TEMPLATES } from './vift-templates.js';

export type TemplateId = (typeof TABLE_1_TEMPLATES | typeof VIFT_TEMPLATES | typeof BASELINE_TEMPLATES)[number]['id'];

/** Every template vift ships, by id. */
export const TEMPLATES: Readonly<Record<TemplateId, Template>> = Object.fromEntries(
  [...TABLE_1_TEMPLATES, ...VIFT_TEMPLATES, ...BASELINE_TEMPLATES].map((template) => [template.id, template]),
) as unknown as Record<TemplateId, Template>;

/** How instructions are worded: Table 1 verbatim (the paper), or a seeded pick among the paraphrases too. */
export type InstructionWording = 'verbatim' | 'paraphrased';

/** The template text for one turn: verbatim, or picked among text and paraphrases by `pick` (0 ≤ pick < 1). */
export function templateText(template: Template, wording: InstructionWording, pick: number): string {
  if (wording === 'verbatim' || template.paraphrases.length === 0) return template.text;
  const choices = [template.text, ...template.paraphrases];
  return choices[Math.floor(pick * choices.length)] ?? template.text;
}
