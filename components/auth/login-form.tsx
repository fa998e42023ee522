'use client';

import { useActionState } from 'react';
import { login } from '@/lib/auth/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

export function LoginForm() {
  const [state, action, pending] = useActionState(login, {});
  return (
    <form action={action} className="space-y-4" aria-describedby="login-message">
      <div>
        <label htmlFor="email" className="block text-sm font-medium">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2" aria-invalid={Boolean(state.errors?.email)} />
        {state.errors?.email ? <p className="mt-1 text-sm text-rose-800">{state.errors.email[0]}</p> : null}
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2" aria-invalid={Boolean(state.errors?.password)} />
        {state.errors?.password ? <p className="mt-1 text-sm text-rose-800">{state.errors.password[0]}</p> : null}
      </div>
      <FormMessage id="login-message" message={state.message} tone="error" />
      <Button type="submit" disabled={pending} className="w-full">{pending ? 'Signing in…' : 'Sign in'}</Button>
    </form>
  );
}
