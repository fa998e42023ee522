import { describe, expect, it } from 'vitest';
import { formatUtc, generateToken, hashToken, isTokenShaped } from '@/lib/invitations/token';

describe('invitation tokens', () => {
  it('are 32 random bytes in base64url, different each time, and recognised as tokens', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(isTokenShaped(a)).toBe(true);
    expect(isTokenShaped(`${a}x`)).toBe(false);
    expect(isTokenShaped('not a token')).toBe(false);
  });

  it('are stored as SHA-256 hex only', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken(generateToken())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('formats moments for messages in UTC, zone named', () => {
    expect(formatUtc(new Date('2026-12-07T19:05:00Z'))).toBe('7 Dec 2026, 19:05 UTC');
  });
});
