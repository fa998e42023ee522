'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { safeAction, type ActionState } from '@/lib/actions/safe-action';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { reassignAssignment } from '@/lib/progress/reassign';

const reassignSchema = z.object({
  assignmentId: z.string({ error: 'assignmentId: missing' }).min(1, 'assignmentId: missing').max(64, 'assignmentId: at most 64 characters'),
  slug: z.string().max(80).optional(),
});

const reassign = safeAction(COORDINATING_ROLES, reassignSchema, async ({ assignmentId, slug }, user) => {
  const result = await reassignAssignment({ user, assignmentId });
  if (slug) revalidatePath(`/projects/${slug}`);
  const message =
    result.to.length > 0
      ? `${result.caseExternalId}: taken back from ${result.from} and given to ${result.to.join(', ')}.`
      : `${result.caseExternalId}: taken back from ${result.from}; no other physician of its specialty is free, so the case now waits for one.`;
  return { ok: true, message };
});

/** One-click "Reassign" of a stalled assignment (coordinators of the project). */
export async function reassignAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return reassign({ assignmentId: formData.get('assignmentId') ?? undefined, slug: formData.get('slug') ?? undefined });
}
