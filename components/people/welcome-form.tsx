'use client';

import { useActionState } from 'react';
import { acceptInvitationAction } from '@/lib/invitations/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { FieldError, inputClass } from '@/components/people/fields';

/** The invitee sets name and password (an invitation) or only a new password (a reset). */
export function WelcomeForm({ token, askName, email }: { token: string; askName: boolean; email: string }) {
  const [state, action, pending] = useActionState(acceptInvitationAction, {});
  return (
    <form action={action} className="space-y-4" aria-describedby="welcome-message">
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="email" value={email} autoComplete="username" />
      {askName ? (
        <div>
          <label htmlFor="welcome-name" className="block text-sm font-medium">Your name (as colleagues know you)</label>
          <input id="welcome-name" name="name" defaultValue={state.data?.name ?? ''} required maxLength={120} autoComplete="name" className={inputClass} aria-invalid={Boolean(state.errors?.name)} aria-describedby="welcome-name-error" />
          <FieldError id="welcome-name-error" errors={state.errors?.name} />
        </div>
      ) : null}
      <div>
        <label htmlFor="welcome-password" className="block text-sm font-medium">{askName ? 'Password' : 'New password'} (at least 10 characters)</label>
        <input id="welcome-password" name="password" type="password" required minLength={10} autoComplete="new-password" className={inputClass} aria-invalid={Boolean(state.errors?.password)} aria-describedby="welcome-password-error" />
        <FieldError id="welcome-password-error" errors={state.errors?.password} />
      </div>
      <div>
        <label htmlFor="welcome-confirm" className="block text-sm font-medium">Repeat the password</label>
        <input id="welcome-confirm" name="confirm" type="password" required autoComplete="new-password" className={inputClass} aria-invalid={Boolean(state.errors?.confirm)} aria-describedby="welcome-confirm-error" />
        <FieldError id="welcome-confirm-error" errors={state.errors?.confirm} />
      </div>
      <FormMessage id="welcome-message" message={state.message} tone="error" />
      <Button type="submit" disabled={pending} className="w-full">{pending ? 'Saving…' : askName ? 'Create my account' : 'Set my new password'}</Button>
    </form>
  );
}
