import { randomBytes } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { clearSessionCache, readSessionToken } from '@/lib/ratings/session-cookie';

const salt = 'authjs.session-token';

describe('the save endpoint\'s session cache', () => {
  beforeAll(() => {
    process.env.AUTH_SECRET = randomBytes(33).toString('base64');
    clearSessionCache();
  });

  const cookieFor = async (uid: string, name = salt) => `${name}=${await encode({ token: { uid, sv: 1, since: Date.now() }, secret: process.env.AUTH_SECRET!, salt: name, maxAge: 600 })}`;

  it('decodes a session cookie once and serves the same token for the same cookie, never another\'s', async () => {
    const [a, b] = [await cookieFor('user-a'), await cookieFor('user-b')];
    const first = await readSessionToken({ cookie: a, authorization: null }, false);
    expect(first).toMatchObject({ uid: 'user-a', sv: 1 });
    expect(await readSessionToken({ cookie: `other=1; ${a}`, authorization: null }, false)).toBe(first);
    expect(await readSessionToken({ cookie: b, authorization: null }, false)).toMatchObject({ uid: 'user-b' });
  });

  it('does not serve a cached token past its expiry', async () => {
    const cookie = await cookieFor('user-c');
    const now = Date.now();
    const cached = await readSessionToken({ cookie, authorization: null }, false, now);
    expect(await readSessionToken({ cookie, authorization: null }, false, now + 1000)).toBe(cached);
    // Past the token's exp the entry is dropped: the cookie is decoded again (a new object).
    expect(await readSessionToken({ cookie, authorization: null }, false, now + 601_000)).not.toBe(cached);
  });

  it('reads the cookie by the name Auth.js uses (__Secure- over HTTPS) and refuses what does not decode', async () => {
    const plain = await cookieFor('user-d');
    expect(await readSessionToken({ cookie: plain, authorization: null }, true)).toBeNull();
    const secure = await cookieFor('user-d', '__Secure-authjs.session-token');
    expect(await readSessionToken({ cookie: secure, authorization: null }, true)).toMatchObject({ uid: 'user-d' });
    expect(await readSessionToken({ cookie: `${salt}=garbage`, authorization: null }, false)).toBeNull();
    expect(await readSessionToken({ cookie: null, authorization: null }, false)).toBeNull();
  });
});
