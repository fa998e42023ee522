'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { safeAction, type ActionState } from '@/lib/actions/safe-action';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { lockReleaseAs } from '@/lib/releases/service';

const lockSchema = z.object({ projectId: z.string().min(1), slug: z.string().min(1) });

const lock = safeAction(COORDINATING_ROLES, lockSchema, async ({ projectId, slug }, user) => {
  const result = await lockReleaseAs(user, projectId);
  revalidatePath(`/projects/${slug}`);
  const heldBack = result.heldBack.length > 0 ? ` Held back: ${result.heldBack.map((h) => h.reason).join('; ')}.` : '';
  return { ok: true, message: `Release v${result.version} locked: ${result.cases.length} case(s), ${result.options} option(s).${heldBack}` };
});

export async function lockReleaseAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return lock({ projectId: formData.get('projectId'), slug: formData.get('slug') });
}
