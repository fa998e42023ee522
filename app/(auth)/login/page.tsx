import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { OidcSignIn } from '@/components/auth/oidc-sign-in';
import { getOidcSignInOffer } from '@/lib/auth/oidc';
import { clientAddress } from '@/lib/auth/rate-limit';
import { getSessionUser } from '@/lib/auth/session';
import { homePathFor } from '@/lib/auth/roles';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  const user = await getSessionUser();
  if (user) redirect(homePathFor(user.role));
  const { error } = await searchParams;
  const oidc = await getOidcSignInOffer(typeof error === 'string' ? error : undefined, clientAddress(await headers()));
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      <h1 className="text-2xl font-bold">Primum</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">Sign in to rate cases or coordinate a study.</p>
      <LoginForm />
      {oidc ? <OidcSignIn providerName={oidc.providerName} message={oidc.message} /> : null}
    </main>
  );
}
