/**
 * What a session token carries besides the user id, and when it is still good. Sessions are
 * bounded twice: by the user's session version (sign-out and deactivation raise it, so copied
 * cookies stop working) and by an absolute lifetime from sign-in that activity cannot extend.
 */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export type SessionClaims = { uid: string; sv: number; since: number };

/** The claims of a token, or null when it lacks them (tokens from before session versions). */
export function readClaims(token: Record<string, unknown> | null | undefined): SessionClaims | null {
  if (!token) return null;
  const { uid, sv, since } = token;
  return typeof uid === 'string' && typeof sv === 'number' && typeof since === 'number' ? { uid, sv, since } : null;
}

/** Within its absolute lifetime (since sign-in, in ms since the epoch). */
export function isWithinLifetime(claims: SessionClaims, now = Date.now()): boolean {
  return claims.since <= now && now - claims.since < SESSION_MAX_AGE_S * 1000;
}

/**
 * The token of a request after the session checks: null ends the session (no claims, past its
 * lifetime, or signed out / deactivated since). When the database cannot be asked, the session is
 * neither ended nor trusted: the token comes back marked `unverified`, which every reader of the
 * session refuses as "unavailable" (lib/auth/session.ts), and the next request checks it again.
 * Before this, a database outage ended nobody's session but sent every page to the sign-in form.
 */
export async function checkedToken<T extends Record<string, unknown>>(
  token: T,
  isCurrent: (userId: string, sessionVersion: number) => Promise<boolean>,
  now = Date.now(),
): Promise<(T & { unverified?: true }) | null> {
  const { unverified: _previous, ...rest } = token;
  const claims = readClaims(rest);
  if (!claims || !isWithinLifetime(claims, now)) return null;
  let current: boolean;
  try {
    current = await isCurrent(claims.uid, claims.sv);
  } catch {
    return { ...(rest as T), unverified: true };
  }
  return current ? (rest as T) : null;
}
