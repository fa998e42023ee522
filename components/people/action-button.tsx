'use client';

import { useActionState } from 'react';
import type { ActionState } from '@/lib/actions/safe-action';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

/**
 * One button that runs a server action with fixed hidden fields (revoke, remove, deactivate...),
 * asking for confirmation first when `confirm` is given, and reporting the outcome beside it.
 */
export function ActionButton({ action, fields, label, pendingLabel, variant = 'secondary', confirm, id }: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  fields: Record<string, string>;
  label: string;
  pendingLabel?: string;
  variant?: 'primary' | 'secondary' | 'danger';
  confirm?: string;
  id: string;
}) {
  const [state, run, pending] = useActionState(action, {});
  return (
    <form
      action={run}
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
      className="inline-flex flex-wrap items-center gap-2"
    >
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <Button type="submit" variant={variant} disabled={pending} className="px-3 py-1">{pending ? (pendingLabel ?? 'Working…') : label}</Button>
      <FormMessage id={`${id}-message`} message={state.message} tone={state.ok ? 'success' : 'error'} />
    </form>
  );
}
