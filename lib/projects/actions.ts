'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { safeAction, type ActionState } from '@/lib/actions/safe-action';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { projectSlugSchema } from '@/lib/projects/schema';
import { resolveProject } from '@/lib/projects/service';
import { updateProjectSettingsAs } from '@/lib/projects/settings';

const createSchema = z.object({ slug: projectSlugSchema });

const create = safeAction(COORDINATING_ROLES, createSchema, async ({ slug }, user) => {
  const project = await getDb().$transaction((tx) => resolveProject({ slug, actorId: user.id, db: tx }));
  if (!project.created) throw new AppError('CONFLICT', `A project "${slug}" already exists.`);
  return { ok: true, data: project.slug };
});

export async function createProjectAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const result = await create({ slug: formData.get('slug') });
  if (result.ok && typeof result.data === 'string') redirect(`/projects/${result.data}`);
  return result;
}

const raterSettingsSchema = z.object({
  projectId: z.string().min(1).max(64),
  showRecommendationsToRaters: z.enum(['on', 'off']).transform((v) => v === 'on'),
  showRaterNamesToAdjudicators: z.enum(['on', 'off']).transform((v) => v === 'on'),
  stalledAfterDays: z.coerce
    .number({ error: 'a whole number of days' })
    .int('a whole number of days')
    .min(1, 'at least 1 day')
    .max(90, 'at most 90 days'),
});

const saveRaterSettings = safeAction(COORDINATING_ROLES, raterSettingsSchema, async ({ projectId, showRecommendationsToRaters, showRaterNamesToAdjudicators, stalledAfterDays }, user) => {
  await updateProjectSettingsAs(user, projectId, { showRecommendationsToRaters, showRaterNamesToAdjudicators, stalledAfterDays });
  const shown = showRecommendationsToRaters ? 'Raters now see the specialist\'s recommendation.' : 'The specialist\'s recommendation is hidden from raters.';
  const names = showRaterNamesToAdjudicators ? 'Adjudicators see the raters\' names.' : 'Adjudicators see raters as Rater A, B, C.';
  return { ok: true, message: `${shown} ${names} Assignments count as stalled after ${stalledAfterDays} day${stalledAfterDays === 1 ? '' : 's'}.` };
});

export async function raterSettingsAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return saveRaterSettings({
    projectId: formData.get('projectId'),
    showRecommendationsToRaters: formData.get('showRecommendationsToRaters') === 'on' ? 'on' : 'off',
    showRaterNamesToAdjudicators: formData.get('showRaterNamesToAdjudicators') === 'on' ? 'on' : 'off',
    stalledAfterDays: formData.get('stalledAfterDays') ?? undefined,
  });
}
