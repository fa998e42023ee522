'use client';

import { useActionState } from 'react';
import { setRoleAction } from '@/lib/people/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { FieldError, RoleSelect, SpecialtyChoices } from '@/components/people/fields';
import type { Role } from '@/lib/auth/roles';

/** Role and specialties of a person (audited with old and new values). */
export function RoleForm({ userId, role, specialties, roles, canChangeRole }: { userId: string; role: Role; specialties: string[]; roles: Role[]; canChangeRole: boolean }) {
  const [state, action, pending] = useActionState(setRoleAction, {});
  return (
    <form action={action} className="space-y-3" aria-describedby="role-message">
      <input type="hidden" name="userId" value={userId} />
      <div className="max-w-sm">
        <label htmlFor="person-role" className="block text-sm font-medium">Role</label>
        {canChangeRole ? <RoleSelect id="person-role" roles={roles.includes(role) ? roles : [role, ...roles]} defaultValue={role} /> : (
          <>
            <input type="hidden" name="role" value={role} />
            <p id="person-role" className="mt-1 text-sm text-slate-700">{role.toLowerCase()} (you cannot change your own role)</p>
          </>
        )}
        <FieldError id="person-role-error" errors={state.errors?.role} />
      </div>
      <SpecialtyChoices legend="Specialties" errors={state.errors?.specialties} idPrefix="person" selected={specialties} />
      <FormMessage id="role-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
      <Button type="submit" disabled={pending}>{pending ? 'Saving…' : 'Save role and specialties'}</Button>
    </form>
  );
}
