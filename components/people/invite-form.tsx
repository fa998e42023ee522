'use client';

import { startTransition, useActionState } from 'react';
import { inviteAction } from '@/lib/invitations/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { IssuedLink } from '@/components/people/copy-link';
import { FieldError, inputClass, RoleSelect, SpecialtyChoices } from '@/components/people/fields';
import type { Role } from '@/lib/auth/roles';

/** Invite a person by email; the link is shown once (and mailed when SMTP is configured). */
export function InviteForm({ roles, projects, projectId }: { roles: Role[]; projects: Array<{ id: string; name: string }>; projectId?: string }) {
  const [state, action, pending] = useActionState(inviteAction, {});
  return (
    <div className="space-y-4">
      <form
        action={action}
        // Submitted by hand so that a refused invitation keeps what was typed (React resets a form after its action).
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          startTransition(() => action(data));
        }}
        className="grid gap-4 md:grid-cols-2"
        aria-describedby="invite-message"
      >
        <div>
          <label htmlFor="invite-email" className="block text-sm font-medium">Email</label>
          <input id="invite-email" name="email" type="email" required className={inputClass} aria-invalid={Boolean(state.errors?.email)} aria-describedby="invite-email-error" />
          <FieldError id="invite-email-error" errors={state.errors?.email} />
        </div>
        <div>
          <label htmlFor="invite-role" className="block text-sm font-medium">Role</label>
          <RoleSelect id="invite-role" roles={roles} defaultValue="PHYSICIAN" />
          <FieldError id="invite-role-error" errors={state.errors?.role} />
        </div>
        <SpecialtyChoices legend="Specialties (required for physicians)" errors={state.errors?.specialties} idPrefix="invite" />
        <div className="space-y-4">
          <div>
            <label htmlFor="invite-project" className="block text-sm font-medium">Project to join (optional)</label>
            <select id="invite-project" name="projectId" defaultValue={projectId ?? ''} className={inputClass}>
              <option value="">No project</option>
              {projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
            <FieldError id="invite-project-error" errors={state.errors?.projectId} />
          </div>
          <div>
            <label htmlFor="invite-days" className="block text-sm font-medium">Link valid for (days, 1-30)</label>
            <input id="invite-days" name="expiresInDays" type="number" min={1} max={30} defaultValue={7} className={inputClass} aria-invalid={Boolean(state.errors?.expiresInDays)} />
            <FieldError id="invite-days-error" errors={state.errors?.expiresInDays} />
          </div>
        </div>
        <div className="md:col-span-2 space-y-2">
          <FormMessage id="invite-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
          <Button type="submit" disabled={pending}>{pending ? 'Creating…' : 'Create invitation link'}</Button>
        </div>
      </form>
      {state.ok && state.data ? <IssuedLink link={state.data} /> : null}
    </div>
  );
}
