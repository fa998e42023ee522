import 'server-only';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Sign-in throttling, per account and per address, in PostgreSQL so it holds across app instances.
 * After 10 failed sign-ins for an account within 15 minutes (50 from one address), further
 * attempts are refused for 15 minutes, even with the right password. Unknown accounts are
 * throttled exactly like known ones, so the answers never tell whether an account exists.
 */
export const ACCOUNT_LIMIT = { points: 10, duration: 15 * 60, blockDuration: 15 * 60 } as const;
export const ADDRESS_LIMIT = { points: 50, duration: 15 * 60, blockDuration: 15 * 60 } as const;

type Limiters = { account: RateLimiterPostgres; address: RateLimiterPostgres };
const holder = globalThis as unknown as { primumSignInLimiters?: Limiters };

function limiters(): Limiters {
  if (!holder.primumSignInLimiters) {
    const storeClient = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    const common = { storeClient, tableName: 'sign_in_failures', tableCreated: true, clearExpiredByTimeout: false };
    holder.primumSignInLimiters = {
      account: new RateLimiterPostgres({ ...common, keyPrefix: 'account', ...ACCOUNT_LIMIT }),
      address: new RateLimiterPostgres({ ...common, keyPrefix: 'address', ...ADDRESS_LIMIT }),
    };
  }
  return holder.primumSignInLimiters;
}

const hashed = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 40);

/** The client address as the proxy in front reports it (x-forwarded-for), else the direct peer's. */
export function clientAddress(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || headers.get('x-real-ip') || 'unknown';
}

/** Seconds until this account (and address) may try again; 0 when not throttled. */
export async function signInWaitSeconds(email: string, address: string): Promise<number> {
  const { account, address: byAddress } = limiters();
  const [a, b] = await Promise.all([account.get(hashed(email.toLowerCase())), byAddress.get(hashed(address))]);
  const waits = [
    a && a.consumedPoints >= ACCOUNT_LIMIT.points ? a.msBeforeNext : 0,
    b && b.consumedPoints >= ADDRESS_LIMIT.points ? b.msBeforeNext : 0,
  ];
  return Math.ceil(Math.max(...waits) / 1000);
}

/**
 * Seconds until this address may try again; 0 when not throttled. For sign-ins through the identity
 * provider (lib/auth/oidc.ts), which count against the address only: an account is never
 * throttled because someone's IdP account claims its email address.
 */
export async function addressWaitSeconds(address: string): Promise<number> {
  const result = await limiters().address.get(hashed(address));
  return result && result.consumedPoints >= ADDRESS_LIMIT.points ? Math.ceil(result.msBeforeNext / 1000) : 0;
}

/** Count one refused identity-provider sign-in against the address. */
export async function recordAddressFailure(address: string): Promise<void> {
  await consume(limiters().address, hashed(address));
}

/** Count one failed sign-in against the account and the address. */
export async function recordSignInFailure(email: string, address: string): Promise<void> {
  const { account, address: byAddress } = limiters();
  await Promise.all([consume(account, hashed(email.toLowerCase())), consume(byAddress, hashed(address))]);
}

function consume(limiter: RateLimiterPostgres, key: string): Promise<void> {
  return limiter.consume(key).then(
    () => undefined,
    (result: unknown) => {
      // Over the limit: the limiter rejects with its result; anything else is a real error.
      if (!(result instanceof RateLimiterRes)) throw result;
    },
  );
}

/** "Try again in 14 minutes" */
export function describeWait(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? 'in a minute' : `in ${minutes} minutes`;
}
