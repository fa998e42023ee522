import { z } from 'zod';
import { EVAL_BOOTSTRAP, EVAL_UPLOAD_LIMITS } from '@/lib/evaluations/limits';

export const modelNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the model a name.')
  .max(EVAL_UPLOAD_LIMITS.modelNameChars, `At most ${EVAL_UPLOAD_LIMITS.modelNameChars} characters.`)
  .regex(/^[^\u0000-\u001f]+$/, 'No control characters.');

export const createEvaluationSchema = z.object({
  releaseId: z.string().min(1, 'Choose a locked release.'),
  modelIds: z.array(z.string().min(1)).min(1, 'Choose at least one model.').max(200, 'At most 200 models in one evaluation.'),
  bootstrap: z.coerce
    .number('A whole number of bootstrap replicates.')
    .int('A whole number of bootstrap replicates.')
    .min(EVAL_BOOTSTRAP.min, `At least ${EVAL_BOOTSTRAP.min} replicates.`)
    .max(EVAL_BOOTSTRAP.max, `At most ${EVAL_BOOTSTRAP.max} replicates.`),
  seed: z.coerce.number('A whole number from 0.').int('A whole number from 0.').min(0, 'A whole number from 0.').max(2 ** 31 - 1, 'At most 2147483647.'),
});
export type CreateEvaluationInput = z.infer<typeof createEvaluationSchema>;
