import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { getSessionUser } from '@/lib/auth/session';
import { homePathFor } from '@/lib/auth/roles';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage() {
  const user = await getSessionUser();
  if (user) redirect(homePathFor(user.role));
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      <h1 className="text-2xl font-bold">Primum</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">Sign in to rate cases or coordinate a study.</p>
      <LoginForm />
    </main>
  );
}
