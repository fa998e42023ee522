import 'server-only';
import type { OIDCConfig } from 'next-auth/providers';
import { z } from 'zod';
import { readOidcSettings } from '@/lib/config/env';
import { getDb } from '@/lib/db';
import { addressWaitSeconds, describeWait, recordAddressFailure } from '@/lib/auth/rate-limit';
import { oidcErrorMessage, type OidcRefusal } from '@/lib/auth/oidc-messages';

/**
 * Optional sign-in through an OpenID Connect identity provider (off unless OIDC_ISSUER,
 * OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set). The provider only vouches for an email address:
 * a verified one is matched to an EXISTING active Primum user, whose session is then built
 * exactly as after a password sign-in. Nobody is ever created from the provider's claims.
 */
export const OIDC_PROVIDER_ID = 'oidc';

/** The settings when configured, read once (a partial configuration throws a readable message). */
export const oidcSettings = readOidcSettings();

/** Auth.js's generic OIDC provider: discovery from the issuer, authorization code with PKCE and state. */
export function oidcProviders(): OIDCConfig<Record<string, unknown>>[] {
  if (!oidcSettings) return [];
  return [
    {
      id: OIDC_PROVIDER_ID,
      name: oidcSettings.name,
      type: 'oidc',
      issuer: oidcSettings.issuer,
      clientId: oidcSettings.clientId,
      clientSecret: oidcSettings.clientSecret,
      checks: ['pkce', 'state'],
      // The claims of the `email` scope come from the UserInfo endpoint (OpenID Connect Core 5.4);
      // many providers leave them out of the ID token of a code flow. The ID token is still verified.
      idToken: false,
    },
  ];
}

const claimsSchema = z.object({
  email: z.string().trim().toLowerCase().email(),
  // Only the boolean true counts: some providers send the string "true", which proves nothing here.
  email_verified: z.literal(true),
});

type OidcUser = { id: string; sessionVersion: number };

/** The active Primum user the provider's verified email belongs to, or why there is none. */
export async function findOidcUser(claims: unknown): Promise<OidcUser | OidcRefusal> {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) return 'OidcUnverified';
  // Emails are stored lowercased (lib/users/schema.ts), so this match ignores case.
  const user = await getDb().user.findUnique({ where: { email: parsed.data.email }, select: { id: true, isActive: true, sessionVersion: true } });
  // Unknown and deactivated get the same answer, as the password form gives.
  if (!user || !user.isActive) return 'OidcRefused';
  return { id: user.id, sessionVersion: user.sessionVersion };
}

/**
 * Whether a sign-in through the provider may go on. Refusals count against the client's address
 * (the sign-in throttle of lib/auth/rate-limit.ts), and a throttled address is refused outright.
 */
export async function admitOidcSignIn(claims: unknown, address: string): Promise<OidcUser | OidcRefusal> {
  if ((await addressWaitSeconds(address)) > 0) return 'OidcThrottled';
  const outcome = await findOidcUser(claims);
  if (typeof outcome === 'string') await recordAddressFailure(address);
  return outcome;
}

export type OidcSignInOffer = { providerName: string; message?: string };

/**
 * For the login page: null when OIDC is off; else the button's provider name and, after a sign-in
 * through the provider came back as `/login?error=<code>`, what to tell the person.
 */
export async function getOidcSignInOffer(error: string | undefined, address: string): Promise<OidcSignInOffer | null> {
  if (!oidcSettings) return null;
  const providerName = oidcSettings.name;
  if (!error) return { providerName };
  const wait = error === 'OidcThrottled' ? describeWait(Math.max(await addressWaitSeconds(address), 60)) : '';
  return { providerName, message: oidcErrorMessage(error, providerName, wait) };
}
