import { describe, expect, it } from 'vitest';
import { checkedToken, isWithinLifetime, readClaims, SESSION_MAX_AGE_S } from '@/lib/auth/session-token';

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

describe('checkedToken', () => {
  const now = Date.UTC(2026, 11, 1, 12);
  const token = { uid: 'u1', sv: 3, since: now - 60_000, name: 'A' };
  const current = async () => true;

  it('keeps a current session, and drops a stale "unverified" mark once the database answers', async () => {
    expect(await checkedToken(token, current, now)).toEqual(token);
    expect(await checkedToken({ ...token, unverified: true }, current, now)).toEqual(token);
  });

  it('ends a signed-out, deactivated, expired or claimless session', async () => {
    expect(await checkedToken(token, async () => false, now)).toBeNull();
    expect(await checkedToken({ ...token, since: now - SESSION_MAX_AGE_S * 1000 }, current, now)).toBeNull();
    expect(await checkedToken({ name: 'no claims' }, current, now)).toBeNull();
  });

  it('neither ends nor trusts a session the database cannot check: it comes back marked unverified', async () => {
    const unreachable = async (): Promise<boolean> => {
      throw new Error("Can't reach database server at 127.0.0.1:5432");
    };
    expect(await checkedToken(token, unreachable, now)).toEqual({ ...token, unverified: true });
    // An expired token is ended without asking the database at all.
    expect(await checkedToken({ ...token, since: now - SESSION_MAX_AGE_S * 1000 }, unreachable, now)).toBeNull();
  });
});
