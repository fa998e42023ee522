'use server';

import { revalidatePath } from 'next/cache';
import { safeAction } from '@/lib/actions/safe-action';
import { RATING_ROLES } from '@/lib/auth/roles';
import { caseIdSchema, declineCaseSchema, setCommentSchema, setFlagSchema } from '@/lib/ratings/schema';
import { declineCase, setComment, setFlag, submitCase } from '@/lib/ratings/case-work';
import type { FlagKind } from '@/lib/ratings/service';

// Scores are saved through POST /api/ratings (the rating screen's retry queue), not an action.

export const toggleFlag = safeAction<typeof setFlagSchema, { flags: FlagKind[] }>(RATING_ROLES, setFlagSchema, async (input, user) => ({
  ok: true,
  data: await setFlag({ user, ...input }),
}));

export const saveComment = safeAction<typeof setCommentSchema, { body: string }>(RATING_ROLES, setCommentSchema, async (input, user) => ({
  ok: true,
  data: await setComment({ user, ...input }),
}));

export const submitCaseAction = safeAction<typeof caseIdSchema, { submitted: true }>(RATING_ROLES, caseIdSchema, async (input, user) => {
  const data = await submitCase({ user, caseId: input.caseId });
  revalidatePath('/rate');
  return { ok: true, data };
});

export const declineCaseAction = safeAction<typeof declineCaseSchema, { reassigned: number }>(RATING_ROLES, declineCaseSchema, async (input, user) => {
  const data = await declineCase({ user, ...input });
  revalidatePath('/rate');
  return { ok: true, data };
});
