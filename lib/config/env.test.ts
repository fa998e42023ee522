import { describe, expect, it } from 'vitest';
import { readEnv } from '@/lib/config/env';

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
