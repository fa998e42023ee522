import type { Role } from '@/lib/generated/prisma/enums';

export type { Role };

/** Who may enter each area. Admins may do everything a coordinator may. */
export const COORDINATING_ROLES: readonly Role[] = ['ADMIN', 'COORDINATOR'];
export const RATING_ROLES: readonly Role[] = ['PHYSICIAN'];

export function homePathFor(role: Role): string {
  return role === 'PHYSICIAN' ? '/rate' : '/projects';
}

export type SessionUser = { id: string; email: string; name: string; role: Role; isSimulated: boolean };
