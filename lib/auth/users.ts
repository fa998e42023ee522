import 'server-only';
import { getDb } from '@/lib/db';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import type { SessionUser } from '@/lib/auth/roles';

const sessionUserSelect = { id: true, email: true, name: true, role: true, isSimulated: true } as const;

// Compared against when the email is unknown, so both paths cost one argon2 verification.
let decoyHash: Promise<string> | undefined;

export async function authenticate(email: string, password: string): Promise<SessionUser | null> {
  const user = await getDb().user.findUnique({
    where: { email },
    select: { ...sessionUserSelect, passwordHash: true, isActive: true },
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
