import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { loginWithOidc } from '@/lib/auth/actions';

/** "Sign in with <provider>": shown only when OpenID Connect sign-in is configured (lib/auth/oidc.ts). */
export function OidcSignIn({ providerName, message }: { providerName: string; message?: string }) {
  return (
    <section aria-label={`Sign in with ${providerName}`} className="mt-6 space-y-3 border-t border-slate-200 pt-6">
      <FormMessage id="oidc-message" message={message} tone="error" />
      <form action={loginWithOidc}>
        <Button type="submit" variant="secondary" className="w-full">Sign in with {providerName}</Button>
      </form>
    </section>
  );
}
