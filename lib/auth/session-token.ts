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
