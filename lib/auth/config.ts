import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { log } from '@/lib/log/logger';
import { authenticate, isSessionCurrent } from '@/lib/auth/users';
import { isWithinLifetime, readClaims, SESSION_MAX_AGE_S } from '@/lib/auth/session-token';
import { clientAddress, recordSignInFailure, signInWaitSeconds } from '@/lib/auth/rate-limit';

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(200),
});

// Credentials sign-in only works with JWT sessions in Auth.js. The token carries the user id, the
// user's session version and the sign-in time; every request checks them against the database
// (sign-out and deactivation raise the version) and the absolute lifetime, and re-reads the user
// (lib/auth/session.ts), so ended sessions, deactivation and role changes apply at once.
export const { handlers, auth, signIn, signOut } = NextAuth({
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: '/login' },
  trustHost: true,
  // Cookies: left to Auth.js on purpose. It names them `__Secure-…` with the Secure flag whenever the
  // app's URL is https: AUTH_URL when set, else the `X-Forwarded-Proto` of the TLS-terminating proxy
  // (trusted through trustHost). Plain http (localhost, the embedded start) keeps plain cookies, which
  // a browser would refuse to send otherwise. app/api/ratings reads the cookie by the same rule.
  logger: {
    // A wrong password is an expected outcome, not a server error worth a stack trace.
    error(error) {
      if ((error as { type?: string }).type !== 'CredentialsSignin') log.error('sign-in failed unexpectedly', { component: 'auth' }, error);
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
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.id) {
        return { ...token, uid: user.id, sv: (user as { sessionVersion?: number }).sessionVersion ?? 1, since: Date.now() };
      }
      // null ends the session: Auth.js clears the cookie and /api/auth/session answers null.
      const claims = readClaims(token);
      if (!claims || !isWithinLifetime(claims) || !(await isSessionCurrent(claims.uid, claims.sv))) return null;
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === 'string') session.user.id = token.uid;
      return session;
    },
  },
});
