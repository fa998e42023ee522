import { z } from 'zod';
import { VERDICTS } from './verdicts';

const whole = (what: string) => z.coerce.number(`A whole number of ${what}.`).int(`A whole number of ${what}.`);

export const PLAN_REVIEW_LIMITS = { perModel: { min: 1, max: 500, default: 10 }, k: { min: 1, max: 10, default: 2 } } as const;

export const sampleSchema = z.object({
  projectId: z.string().min(1),
  perModel: whole('plans per model').min(PLAN_REVIEW_LIMITS.perModel.min, 'At least 1 plan per model.').max(PLAN_REVIEW_LIMITS.perModel.max, `At most ${PLAN_REVIEW_LIMITS.perModel.max} plans per model.`),
  k: whole('physicians').min(PLAN_REVIEW_LIMITS.k.min, 'At least 1 physician per plan.').max(PLAN_REVIEW_LIMITS.k.max, `At most ${PLAN_REVIEW_LIMITS.k.max} physicians per plan.`),
  seed: whole('seed').min(0, 'A whole number from 0.').max(2 ** 31 - 1, 'At most 2147483647.'),
  modelIds: z.array(z.string().min(1)).min(1, 'Choose at least one model.').max(200),
});
export type SampleInput = z.infer<typeof sampleSchema>;

export const verdictSchema = z.enum(VERDICTS);

export const saveVerdictSchema = z.object({
  reviewId: z.string().min(1),
  optionId: z.number().int().nonnegative(),
  verdict: verdictSchema,
  /** When the physician pressed the key (ms since the epoch): the newest verdict wins. */
  givenAt: z.number().int().positive(),
});
export type SaveVerdictInput = z.infer<typeof saveVerdictSchema>;

export const reviewIdSchema = z.object({ reviewId: z.string().min(1) });
