import 'server-only';
import { notFound } from 'next/navigation';
import { requirePageUser } from '@/lib/auth/session';
import { REVIEWING_ROLES, type Role, type SessionUser } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { findVisibleProject } from '@/lib/projects/membership';
import type { ProjectRef } from '@/lib/projects/service';

/** For project pages: the signed-in user with one of `roles` and the project, or the 404 page. */
export async function requireProjectPage(slug: string, roles: readonly Role[] = REVIEWING_ROLES): Promise<{ user: SessionUser; project: ProjectRef }> {
  const user = await requirePageUser(roles);
  try {
    return { user, project: await findVisibleProject(user, slug) };
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
}
