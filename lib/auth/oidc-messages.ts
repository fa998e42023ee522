/**
 * What the login page says when a sign-in through the identity provider did not end in a session.
 * The refusals are Primum's own (lib/auth/oidc.ts sends them as `/login?error=<code>`); any other
 * code comes from Auth.js (its error page is the login page), e.g. the provider refused or failed.
 */
export const OIDC_REFUSALS = ['OidcRefused', 'OidcUnverified', 'OidcThrottled'] as const;
export type OidcRefusal = (typeof OIDC_REFUSALS)[number];

export function isOidcRefusal(code: string): code is OidcRefusal {
  return (OIDC_REFUSALS as readonly string[]).includes(code);
}

/** `wait` describes when to try again ("in 14 minutes"); used for OidcThrottled only. */
export function oidcErrorMessage(code: string, providerName: string, wait: string): string {
  switch (code) {
    case 'OidcRefused':
      // The same words for an unknown and a deactivated account: no enumeration.
      return `Your ${providerName} email address does not belong to an active Primum account. Ask your study coordinator to invite that address, or sign in with your password.`;
    case 'OidcUnverified':
      return `${providerName} did not confirm that your email address is verified, so Primum cannot match it to an account. Verify it there, or sign in with your password.`;
    case 'OidcThrottled':
      return `Too many refused sign-ins from your network. Try again ${wait}.`;
    default:
      return `Sign-in with ${providerName} did not complete. Try again, or sign in with your password.`;
  }
}
