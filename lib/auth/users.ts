import 'server-only';
import { getDb } from '@/lib/db';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import type { SessionUser } from '@/lib/auth/roles';

const sessionUserSelect = { id: true, email: true, name: true, role: true, isSimulated: true } as const;

// Compared against when the email is unknown, so both paths cost one argon2 verification.
let decoyHash: Promise<string> | undefined;

export async function authenticate(email: string, password: string): Promise<(SessionUser & { sessionVersion: number }) | null> {
  const user = await getDb().user.findUnique({
    where: { email },
    select: { ...sessionUserSelect, passwordHash: true, isActive: true, sessionVersion: true },
  });
  if (!user || !user.isActive) {
    decoyHash ??= hashPassword('decoy-password-for-timing');
    await verifyPassword(await decoyHash, password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  const { passwordHash: _hash, isActive: _active, ...sessionUser } = user;
  return sessionUser;
}

export async function findActiveUser(id: string): Promise<SessionUser | null> {
  return getDb().user.findFirst({ where: { id, isActive: true }, select: sessionUserSelect });
}

/** Whether a token's session is still current: the user is active and has not signed out since. */
export async function isSessionCurrent(userId: string, sessionVersion: number): Promise<boolean> {
  const user = await getDb().user.findFirst({ where: { id: userId, isActive: true, sessionVersion }, select: { id: true } });
  return user !== null;
}

/** End every session of a user (sign-out, deactivation): tokens issued before stop working. */
export async function endSessions(db: Pick<ReturnType<typeof getDb>, 'user'>, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
