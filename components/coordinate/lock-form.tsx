'use client';

import { useActionState } from 'react';
import { lockReleaseAction } from '@/lib/releases/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

export function LockForm({ projectId, slug, lockable, nextVersion }: { projectId: string; slug: string; lockable: number; nextVersion: number }) {
  const [state, action, pending] = useActionState(lockReleaseAction, {});
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`Lock ${lockable} fully rated case(s) as release v${nextVersion}? Their ratings can never change afterwards.`)) event.preventDefault();
      }}
      className="space-y-2"
    >
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="slug" value={slug} />
      <p className="text-sm text-slate-700">{lockable} fully rated case(s) ready to lock. Gold score: the median of the ratings.</p>
      <Button type="submit" variant="danger" disabled={pending || lockable === 0}>Lock {lockable} case(s) as v{nextVersion}</Button>
      <FormMessage id="lock-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
    </form>
  );
}
