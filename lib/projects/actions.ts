'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { safeAction, type ActionState } from '@/lib/actions/safe-action';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { projectSlugSchema } from '@/lib/projects/schema';
import { resolveProject } from '@/lib/projects/service';

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
