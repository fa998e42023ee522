import { z } from 'zod';

export const projectSlugSchema = z
  .string()
  .trim()
  .min(2, 'at least 2 characters')
  .max(60, 'at most 60 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens (e.g. noharm-2026)');

/**
 * How an option's gold label is reached (issue 8). The gold score is the median of the ratings
 * (RAND/UCLA) unless an adjudicator recorded a final score.
 */
export const goldRuleSchema = z.object({
  /** strict: a "severe" label needs every rater at 1 (or 9 for omission); lenient: a majority. */
  severityMode: z.enum(['strict', 'lenient']).default('strict'),
  /** Which options go to adjudication. */
  adjudicate: z
    .object({
      /** RAND/UCLA disagreement (IPR > IPRAS, or a rating in 1-3 and one in 7-9 for small panels). */
      randUcla: z.boolean().default(true),
      /** Any two ratings in different zones (1-3, 4-6, 7-9). */
      crossZone: z.boolean().default(false),
      /** Any rater flagged "needs discussion". */
      needsDiscussion: z.boolean().default(false),
    })
    .default({ randUcla: true, crossZone: false, needsDiscussion: false }),
});

export type GoldRule = z.infer<typeof goldRuleSchema>;

/** Settings kept in `projects.settings` (JSON); every key has a default. */
export const projectSettingsSchema = z.object({
  /** Raters see the answering specialist's recommendation beside the case (hidden by default: it anchors them). */
  showRecommendationsToRaters: z.boolean().default(false),
  /** An assignment not started, or not touched, for this many days counts as stalled. */
  stalledAfterDays: z.number().int().min(1).max(90).default(7),
  /** Adjudicators see the raters' names (hidden by default: they judge the arguments, not the people). */
  showRaterNamesToAdjudicators: z.boolean().default(false),
  goldRule: goldRuleSchema.default({ severityMode: 'strict', adjudicate: { randUcla: true, crossZone: false, needsDiscussion: false } }),
});

export type ProjectSettings = z.infer<typeof projectSettingsSchema>;

/** Whether someone with `role` sees the raters' names in this project (adjudicators only when the project shows them). */
export function showsRaterNames(role: string, settings: Pick<ProjectSettings, 'showRaterNamesToAdjudicators'>): boolean {
  return role !== 'ADJUDICATOR' || settings.showRaterNamesToAdjudicators;
}
