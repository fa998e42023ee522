'use server';

import { revalidatePath } from 'next/cache';
import { COORDINATING_ROLES, REVIEWING_ROLES } from '@/lib/auth/roles';
import { updateProjectSettingsAs } from '@/lib/projects/settings';
import { safeAction } from '@/lib/actions/safe-action';
import { recordAdjudication } from './record';
import { recordAdjudicationSchema, saveGoldRuleSchema } from './schema';

/** Save an adjudicator's final score and rationale; the page then moves to the next option in the queue. */
export const saveAdjudication = safeAction(REVIEWING_ROLES, recordAdjudicationSchema, async (input, user) => {
  const result = await recordAdjudication({ user, ...input });
  revalidatePath('/projects', 'layout');
  return { ok: true, message: result.created ? `Final score ${input.score} recorded.` : `Final score changed to ${input.score}.`, data: { optionId: input.optionId } };
});

/** A coordinator of the project changes its gold rule (audited with old and new by updateProjectSettings). */
export const saveGoldRule = safeAction(COORDINATING_ROLES, saveGoldRuleSchema, async (input, user) => {
  await updateProjectSettingsAs(user, input.projectId, { goldRule: input.goldRule });
  revalidatePath('/projects', 'layout');
  return { ok: true, message: 'Gold rule saved. The queue, the case pages and the next release follow it.' };
});
