import { describe, expect, it } from 'vitest';
import { readEnv, readOidcSettings } from '@/lib/config/env';

describe('readEnv', () => {
  it('applies the documented defaults', () => {
    expect(readEnv({})).toEqual({ PORT: 3000, PRIMUM_PG_PORT: 54329 });
  });

  it('treats empty values as unset and coerces ports', () => {
    expect(readEnv({ DATABASE_URL: '', PORT: '8080' })).toEqual({ PORT: 8080, PRIMUM_PG_PORT: 54329 });
  });

  it('reads HOST and PRIMUM_DEMO (0/1 only)', () => {
    expect(readEnv({ HOST: '0.0.0.0', PRIMUM_DEMO: '1' })).toMatchObject({ HOST: '0.0.0.0', PRIMUM_DEMO: true });
    expect(readEnv({ PRIMUM_DEMO: '0' }).PRIMUM_DEMO).toBe(false);
    expect(readEnv({ HOST: '', PRIMUM_DEMO: '' })).toEqual({ PORT: 3000, PRIMUM_PG_PORT: 54329 });
    expect(() => readEnv({ PRIMUM_DEMO: 'yes' })).toThrow(/^invalid configuration: PRIMUM_DEMO must be 0 or 1$/);
    expect(() => readEnv({ HOST: 'http://example.org/' })).toThrow(/HOST must be a hostname or IP address/);
  });

  it('names every bad variable in one message', () => {
    expect(() => readEnv({ DATABASE_URL: 'mysql://x', PORT: '99999', AUTH_SECRET: 'short' })).toThrow(
      /^invalid configuration: DATABASE_URL must start with postgresql:\/\/ or postgres:\/\/; PORT .*65535.*; AUTH_SECRET must be at least 32 characters/,
    );
  });
});

describe('OpenID Connect settings', () => {
  const complete = { OIDC_ISSUER: 'https://login.example.org/realms/primum', OIDC_CLIENT_ID: 'primum', OIDC_CLIENT_SECRET: 's3cret' };

  it('are off when none of the three is set (empty values count as unset)', () => {
    expect(readOidcSettings({})).toBeNull();
    expect(readOidcSettings({ OIDC_ISSUER: '', OIDC_CLIENT_ID: '', OIDC_CLIENT_SECRET: '', OIDC_NAME: 'Hospital login' })).toBeNull();
  });

  it('are on with all three, labelled "Single sign-on" unless OIDC_NAME says otherwise', () => {
    expect(readOidcSettings(complete)).toEqual({ issuer: complete.OIDC_ISSUER, clientId: 'primum', clientSecret: 's3cret', name: 'Single sign-on' });
    expect(readOidcSettings({ ...complete, OIDC_NAME: ' Hospital login ' })?.name).toBe('Hospital login');
    expect(readEnv(complete)).toMatchObject(complete);
  });

  it('refuse a partial configuration in one sentence naming what is missing, at start (readEnv) and in the app', () => {
    const { OIDC_CLIENT_SECRET: _secret, ...withoutSecret } = complete;
    const oneMissing = /^invalid configuration: OIDC_CLIENT_SECRET is missing: OpenID Connect sign-in needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together \(set all three, or none to keep it off\)$/;
    expect(() => readEnv(withoutSecret)).toThrow(oneMissing);
    expect(() => readOidcSettings(withoutSecret)).toThrow(oneMissing);
    expect(() => readEnv({ OIDC_ISSUER: complete.OIDC_ISSUER, OIDC_CLIENT_SECRET: '' })).toThrow(
      /^invalid configuration: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are missing: /,
    );
    expect(() => readOidcSettings({ OIDC_CLIENT_ID: 'primum', OIDC_CLIENT_SECRET: 's3cret' })).toThrow(/^invalid configuration: OIDC_ISSUER is missing: /);
  });

  it('refuse an issuer that is not an http(s) URL', () => {
    expect(() => readOidcSettings({ ...complete, OIDC_ISSUER: 'login.example.org' })).toThrow(/OIDC_ISSUER must be the issuer URL/);
    expect(() => readOidcSettings({ ...complete, OIDC_ISSUER: 'ftp://login.example.org' })).toThrow(/OIDC_ISSUER must start with https:\/\//);
  });
});
