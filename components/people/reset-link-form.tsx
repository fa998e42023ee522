'use client';

import { useActionState } from 'react';
import { resetLinkAction } from '@/lib/invitations/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { IssuedLink } from '@/components/people/copy-link';

/** Issue a single-use password-reset link for a person; shown once, mailed when SMTP is configured. */
export function ResetLinkForm({ userId }: { userId: string }) {
  const [state, action, pending] = useActionState(resetLinkAction, {});
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-end gap-3" aria-describedby="reset-message">
        <input type="hidden" name="userId" value={userId} />
        <div>
          <label htmlFor="reset-days" className="block text-sm font-medium">Reset link valid for (days)</label>
          <input id="reset-days" name="expiresInDays" type="number" min={1} max={30} defaultValue={7} className="mt-1 w-24 rounded-md border border-slate-300 px-3 py-2 text-sm" />
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? 'Creating…' : 'Create password-reset link'}</Button>
      </form>
      <FormMessage id="reset-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
      {state.ok && state.data ? <IssuedLink link={state.data} /> : null}
    </div>
  );
}
