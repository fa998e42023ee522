'use server';

import { headers } from 'next/headers';
import { AuthError } from 'next-auth';
import { z } from 'zod';
import { signIn, signOut } from '@/lib/auth/config';
import { getSessionUser } from '@/lib/auth/session';
import { endSessions } from '@/lib/auth/users';
import { OIDC_PROVIDER_ID, oidcSettings } from '@/lib/auth/oidc';
import { AppError } from '@/lib/errors';
import { clientAddress, describeWait, signInWaitSeconds } from '@/lib/auth/rate-limit';
import { recordAudit } from '@/lib/audit';
import { getDb } from '@/lib/db';
import type { ActionState } from '@/lib/actions/safe-action';

const loginSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter the email address you were invited with.'),
  password: z.string().min(1, 'Enter your password.'),
});

/** Sign in with email and password; on success Auth.js redirects to the role's home via `/`. */
export async function login(_state: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = loginSchema.safeParse({ email: formData.get('email'), password: formData.get('password') });
  if (!parsed.success) {
    return { ok: false, message: 'Please check the form.', errors: z.flattenError(parsed.error).fieldErrors };
  }
  try {
    await signIn('credentials', { ...parsed.data, redirectTo: '/' });
    return { ok: true };
  } catch (error) {
    // signIn signals success by throwing Next's redirect, which must propagate.
    if (error instanceof AuthError) {
      // The same answer whether or not the account exists: no enumeration.
      const wait = await signInWaitSeconds(parsed.data.email, clientAddress(await headers()));
      if (wait > 0) return { ok: false, message: `Too many failed sign-ins. For your account's safety, try again ${describeWait(wait)} (at ${new Date(Date.now() + wait * 1000).toISOString().slice(11, 16)} UTC).` };
      return { ok: false, message: 'Wrong email or password.' };
    }
    throw error;
  }
}

/**
 * Start a sign-in through the OpenID Connect provider: Auth.js sets its PKCE and state cookies and
 * redirects to the provider, which returns to /api/auth/callback/oidc (lib/auth/config.ts).
 */
export async function loginWithOidc(): Promise<void> {
  if (!oidcSettings) throw new AppError('NOT_FOUND', 'Single sign-on is not configured.');
  await signIn(OIDC_PROVIDER_ID, { redirectTo: '/' });
}

/** Sign out on the server too: the user's session version moves on, so copies of the cookie stop working. */
export async function logout(): Promise<void> {
  const user = await getSessionUser();
  if (user) {
    await getDb().$transaction(async (tx) => {
      await endSessions(tx, user.id);
      await recordAudit(tx, { actorId: user.id, action: 'session.end', entityType: 'user', entityId: user.id, data: { reason: 'sign-out' } });
    });
  }
  await signOut({ redirectTo: '/login' });
}
