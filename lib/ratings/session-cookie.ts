import { getToken } from 'next-auth/jwt';

/**
 * The save endpoint's session check, without Auth.js's per-request cost: decrypting the session
 * cookie (JWE with a derived key) is ~1.2 ms of CPU, and a physician sends the same cookie with
 * every save. Decoded tokens are kept per cookie value, bounded, and never past the token's own
 * expiry; the lifetime and claims are still checked on every request (save-request.ts), and the
 * session version in the save's one database call. A cookie that does not decode is not kept.
 */
const MAX_ENTRIES = 5000;

type Entry = { token: Record<string, unknown>; expiresAt: number };
const cache = new Map<string, Entry>();

export type SessionHeaders = { cookie: string | null; authorization: string | null };

function toHeaders(headers: SessionHeaders): Record<string, string> {
  const plain: Record<string, string> = {};
  if (headers.cookie !== null) plain.cookie = headers.cookie;
  if (headers.authorization !== null) plain.authorization = headers.authorization;
  return plain;
}

/** The decoded session token of a request (what Auth.js's `getToken` returns), or null. */
export async function readSessionToken(headers: SessionHeaders, secureCookie: boolean, now = Date.now()): Promise<Record<string, unknown> | null> {
  const secret = process.env.AUTH_SECRET;
  const req = { headers: toHeaders(headers) };
  // The raw token (cookie chunks joined, or a Bearer header), exactly as getToken finds it.
  const raw = (await getToken({ req, secret, secureCookie, raw: true })) as string | null;
  if (!raw) return null;
  const key = `${secureCookie ? 's' : 'p'}:${raw}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now) return hit.token;
  if (hit) cache.delete(key);
  const token = await getToken({ req, secret, secureCookie });
  const exp = typeof token?.exp === 'number' ? token.exp * 1000 : 0;
  if (token && exp > now) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, { token, expiresAt: exp });
  }
  return token;
}

/** For tests. */
export function clearSessionCache(): void {
  cache.clear();
}
