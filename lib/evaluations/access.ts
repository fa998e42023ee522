import 'server-only';
import { canCoordinate, type SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { requireProjectAccess } from '@/lib/projects/membership';

/**
 * Evaluations are coordinators' (and admins') work, within their projects: checked here, in the
 * data layer, whatever page or action calls it. A physician who is a project member is refused;
 * anyone outside the project gets "not found".
 */
export async function requireEvaluationAccess(user: Pick<SessionUser, 'id' | 'role'>, projectId: string): Promise<void> {
  if (!canCoordinate(user.role)) throw new AppError('FORBIDDEN', 'Only coordinators and admins work with model evaluations.');
  await requireProjectAccess(user, projectId);
}
