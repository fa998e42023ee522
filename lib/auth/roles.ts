import type { Role } from '@/lib/generated/prisma/enums';

export type { Role };

/** Who may change a study (import, lock, create). Admins may do everything a coordinator may. */
export const COORDINATING_ROLES: readonly Role[] = ['ADMIN', 'COORDINATOR'];
/** Who may look at a study's progress, ratings and agreement: coordinators and adjudicators. */
export const REVIEWING_ROLES: readonly Role[] = ['ADMIN', 'COORDINATOR', 'ADJUDICATOR'];
export const RATING_ROLES: readonly Role[] = ['PHYSICIAN'];

export function canCoordinate(role: Role): boolean {
  return COORDINATING_ROLES.includes(role);
}

export function homePathFor(role: Role): string {
  return role === 'PHYSICIAN' ? '/rate' : '/projects';
}

export type SessionUser = { id: string; email: string; name: string; role: Role; isSimulated: boolean };
