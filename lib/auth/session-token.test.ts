import { describe, expect, it } from 'vitest';
import { isWithinLifetime, readClaims, SESSION_MAX_AGE_S } from '@/lib/auth/session-token';

describe('session token claims', () => {
  const since = Date.UTC(2026, 10, 30, 8, 0, 0);

  it('reads the claims a sign-in puts in the token, and nothing from older or forged shapes', () => {
    expect(readClaims({ uid: 'u1', sv: 3, since })).toEqual({ uid: 'u1', sv: 3, since });
    expect(readClaims({ uid: 'u1' })).toBeNull();
    expect(readClaims({ uid: 'u1', sv: '3', since })).toBeNull();
    expect(readClaims(null)).toBeNull();
  });

  it('ends a session a fixed time after sign-in, however active it was', () => {
    const claims = { uid: 'u1', sv: 1, since };
    expect(isWithinLifetime(claims, since + 60_000)).toBe(true);
    expect(isWithinLifetime(claims, since + SESSION_MAX_AGE_S * 1000 - 1)).toBe(true);
    expect(isWithinLifetime(claims, since + SESSION_MAX_AGE_S * 1000)).toBe(false);
    expect(isWithinLifetime(claims, since - 60_000)).toBe(false);
  });
});
