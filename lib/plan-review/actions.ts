'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { safeAction, type ActionState } from '@/lib/actions/safe-action';
import { COORDINATING_ROLES, RATING_ROLES } from '@/lib/auth/roles';
import { reviewIdSchema, sampleSchema } from '@/lib/plan-review/schema';
import { sampleForReview, submitReview, type SampleResult } from '@/lib/plan-review/service';

const sample = safeAction(COORDINATING_ROLES, sampleSchema.extend({ slug: z.string().min(1) }), async ({ slug, ...input }, user): Promise<ActionState<SampleResult>> => {
  const result = await sampleForReview(user, input);
  revalidatePath(`/projects/${slug}/evaluations/review`);
  const skipped = result.skippedCases.length > 0 ? ` ${result.skippedCases.length} case(s) skipped: fewer than ${input.k} eligible physicians.` : '';
  return { ok: true, message: `Sampled ${result.reviews} plan(s), ${result.assignments} assignment(s).${skipped}`, data: result };
});

/** Sample plans of the chosen models for review by k physicians each. */
export async function samplePlansAction(_state: ActionState<SampleResult>, formData: FormData): Promise<ActionState<SampleResult>> {
  return sample({
    projectId: formData.get('projectId'),
    slug: formData.get('slug'),
    perModel: formData.get('perModel') ?? '',
    k: formData.get('k') ?? '',
    seed: formData.get('seed') ?? '',
    modelIds: formData.getAll('modelIds'),
  });
}

// Verdicts are saved through POST /api/plan-verdicts (the judging screen's retry queue), not an action.

/** Submit one's review once every option is answered. */
export const submitReviewAction = safeAction<typeof reviewIdSchema, { submittedAt: string }>(RATING_ROLES, reviewIdSchema, async ({ reviewId }, user) => {
  const data = await submitReview(user, reviewId);
  revalidatePath('/rate');
  return { ok: true, data };
});
