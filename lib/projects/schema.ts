import { z } from 'zod';

export const projectSlugSchema = z
  .string()
  .trim()
  .min(2, 'at least 2 characters')
  .max(60, 'at most 60 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens (e.g. noharm-2026)');

/** Settings kept in `projects.settings` (JSON); every key has a default. */
export const projectSettingsSchema = z.object({
  /** Raters see the answering specialist's recommendation beside the case (hidden by default: it anchors them). */
  showRecommendationsToRaters: z.boolean().default(false),
});

export type ProjectSettings = z.infer<typeof projectSettingsSchema>;
