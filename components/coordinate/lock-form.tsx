'use client';

import { useActionState } from 'react';
import { lockReleaseAction } from '@/lib/releases/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

/**
 * Lock the ready cases as the next release. `lockable`: fully rated cases with no option awaiting
 * adjudication; `heldBack`: fully rated cases that wait for adjudication, with the reason (the lock
 * leaves them open).
 */
export function LockForm({ projectId, slug, lockable, nextVersion, heldBack = [] }: { projectId: string; slug: string; lockable: number; nextVersion: number; heldBack?: Array<{ caseExternalId: string; reason: string }> }) {
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
      <p className="text-sm text-slate-700">
        {lockable} fully rated case(s) ready to lock. Gold score: the adjudicated score where one was recorded, else the median of the ratings.
      </p>
      {heldBack.length > 0 ? (
        <div className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="lock-held-back">
          <p className="font-semibold">Held back until adjudicated ({heldBack.length} case(s)):</p>
          <ul className="list-disc pl-5">
            {heldBack.map((h) => (
              <li key={h.caseExternalId}>{h.reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Button type="submit" variant="danger" disabled={pending || lockable === 0}>Lock {lockable} case(s) as v{nextVersion}</Button>
      <FormMessage id="lock-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
    </form>
  );
}
