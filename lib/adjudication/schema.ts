import { z } from 'zod';
import { goldRuleSchema } from '@/lib/projects/schema';

export const RATIONALE_MAX = 4000;

export const recordAdjudicationSchema = z.object({
  optionId: z.string().min(1, 'optionId: missing').max(64, 'optionId: too long'),
  score: z.number({ error: 'score: choose a final score from 1 to 9' }).int('score: a whole number from 1 to 9').min(1, 'score: from 1 to 9').max(9, 'score: from 1 to 9'),
  rationale: z.string().trim().min(1, 'rationale: required — say why this score stands').max(RATIONALE_MAX, `rationale: at most ${RATIONALE_MAX} characters`),
});

export type RecordAdjudicationInput = z.infer<typeof recordAdjudicationSchema>;

export const saveGoldRuleSchema = z.object({
  projectId: z.string().min(1, 'projectId: missing').max(64, 'projectId: too long'),
  goldRule: goldRuleSchema,
});
