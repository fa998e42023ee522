import 'server-only';
import { headers } from 'next/headers';
import type { NextRequest } from 'next/server';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { log } from '@/lib/log/logger';
import { authenticate, isSessionCurrent } from '@/lib/auth/users';
import { checkedToken, SESSION_MAX_AGE_S } from '@/lib/auth/session-token';
import { clientAddress, recordSignInFailure, signInWaitSeconds } from '@/lib/auth/rate-limit';
import { withRequestHost } from '@/lib/auth/request-host';
import { admitOidcSignIn, findOidcUser, OIDC_PROVIDER_ID, oidcProviders } from '@/lib/auth/oidc';

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(200),
});

// Credentials sign-in only works with JWT sessions in Auth.js. The token carries the user id, the
// user's session version and the sign-in time; every request checks them against the database
// (sign-out and deactivation raise the version) and the absolute lifetime, and re-reads the user
// (lib/auth/session.ts), so ended sessions, deactivation and role changes apply at once. A sign-in
// through the optional OpenID Connect provider (lib/auth/oidc.ts) ends in the same token.
const nextAuth = NextAuth({
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
  // Auth.js's own errors (an identity provider that refused or failed) are shown on the login page.
  pages: { signIn: '/login', error: '/login' },
  trustHost: true,
  // Cookies: left to Auth.js on purpose. It names them `__Secure-…` with the Secure flag whenever the
  // app's URL is https: AUTH_URL when set, else the `X-Forwarded-Proto` of the TLS-terminating proxy
  // (trusted through trustHost). Plain http (localhost, the embedded start) keeps plain cookies, which
  // a browser would refuse to send otherwise. app/api/ratings reads the cookie by the same rule.
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error(error) {
      const { type, cause } = error as { type?: string; cause?: { err?: unknown } };
      // Auth.js wraps the real failure (e.g. an identity provider's answer) as `cause.err`.
      if (type !== 'CredentialsSignin') log.error('sign-in failed unexpectedly', { component: 'auth', code: type }, cause?.err ?? error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new CredentialsSignin();
        // Throttled accounts and addresses are refused before the password is even checked.
        const address = clientAddress(request.headers);
        if ((await signInWaitSeconds(parsed.data.email, address)) > 0) throw new CredentialsSignin();
        const user = await authenticate(parsed.data.email, parsed.data.password);
        if (!user) {
          await recordSignInFailure(parsed.data.email, address);
          throw new CredentialsSignin();
        }
        return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
      },
    }),
    ...oidcProviders(),
  ],
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      const outcome = await admitOidcSignIn(profile, clientAddress(await headers()));
      return typeof outcome === 'string' ? `/login?error=${outcome}` : true;
    },
    async jwt({ token, user, account, profile }) {
      if (user?.id) {
        // Auth.js names an OIDC user by a random id: the Primum user is the one signIn admitted.
        const signedIn = account?.provider === OIDC_PROVIDER_ID
          ? await findOidcUser(profile)
          : { id: user.id, sessionVersion: (user as { sessionVersion?: number }).sessionVersion ?? 1 };
        if (typeof signedIn === 'string') return null;
        return { ...token, sub: signedIn.id, uid: signedIn.id, sv: signedIn.sessionVersion, since: Date.now() };
      }
      // null ends the session: Auth.js clears the cookie and /api/auth/session answers null.
      const checked = await checkedToken(token, isSessionCurrent);
      if (checked?.unverified) log.warn('session not checked: the database is unreachable', { component: 'auth' });
      return checked;
    },
    session({ session, token }) {
      if (typeof token.uid === 'string') session.user.id = token.uid;
      if (token.unverified === true) Object.assign(session, { unverified: true });
      return session;
    },
  },
});

export const { auth, signIn, signOut } = nextAuth;

/** Auth.js's route handlers, seeing the address the browser used (lib/auth/request-host.ts). */
export const handlers = {
  GET: (request: NextRequest) => nextAuth.handlers.GET(withRequestHost(request)),
  POST: (request: NextRequest) => nextAuth.handlers.POST(withRequestHost(request)),
};
