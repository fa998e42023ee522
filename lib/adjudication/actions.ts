'use server';

import { revalidatePath } from 'next/cache';
import { REVIEWING_ROLES } from '@/lib/auth/roles';
import { safeAction } from '@/lib/actions/safe-action';
import { recordAdjudication } from './record';
import { recordAdjudicationSchema } from './schema';

/** Save an adjudicator's final score and rationale; the page then moves to the next option in the queue. */
export const saveAdjudication = safeAction(REVIEWING_ROLES, recordAdjudicationSchema, async (input, user) => {
  const result = await recordAdjudication({ user, ...input });
  revalidatePath('/projects', 'layout');
  return { ok: true, message: result.created ? `Final score ${input.score} recorded.` : `Final score changed to ${input.score}.`, data: { optionId: input.optionId } };
});
