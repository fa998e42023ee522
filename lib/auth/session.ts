import 'server-only';
import { redirect } from 'next/navigation';
import { auth } from '@/lib/auth/config';
import { findActiveUser } from '@/lib/auth/users';
import type { Role, SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';

export const DATABASE_UNAVAILABLE = 'Primum cannot reach its database right now. Nothing you saved is lost; try again in a moment.';

/**
 * The signed-in user, re-read from the database, or null. A session the database could not check
 * (lib/auth/session-token checkedToken) is neither signed in nor signed out: UNAVAILABLE.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  if ((session as { unverified?: boolean } | null)?.unverified) throw new AppError('UNAVAILABLE', DATABASE_UNAVAILABLE);
  const id = session?.user?.id;
  return id ? findActiveUser(id) : null;
}

/** For server actions and route handlers: the user, or an AppError. */
export async function requireUser(roles: readonly Role[]): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError('UNAUTHENTICATED', 'Please sign in again.');
  if (!roles.includes(user.role)) throw new AppError('FORBIDDEN', 'Your role does not allow this.');
  return user;
}

/**
 * For pages: the user, or a redirect to sign-in / to the refused page, which says whose pages these
 * are, that the user's role does not open them, and links to their own home (app/refused/page.tsx).
 */
export async function requirePageUser(roles: readonly Role[]): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect('/login');
  if (!roles.includes(user.role)) redirect(refusedPath(roles));
  return user;
}

/** Where a page refused to a role sends the person: `/refused?for=ADMIN,COORDINATOR` (the roles the page wants). */
export function refusedPath(roles: readonly Role[]): string {
  return `/refused?for=${encodeURIComponent(roles.join(','))}`;
}
