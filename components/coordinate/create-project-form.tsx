'use client';

import { useActionState } from 'react';
import { createProjectAction } from '@/lib/projects/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

export function CreateProjectForm() {
  const [state, action, pending] = useActionState(createProjectAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="slug" className="block text-sm font-medium">Short name (used in links and exports)</label>
        <input id="slug" name="slug" required placeholder="noharm-2026" className="mt-1 rounded-md border border-slate-300 px-3 py-2" aria-describedby="create-project-message" />
      </div>
      <Button type="submit" disabled={pending}>Create project</Button>
      <div className="basis-full">
        <FormMessage id="create-project-message" message={state.errors?.slug?.[0] ? `Short name: ${state.errors.slug[0]}` : state.message} tone="error" />
      </div>
    </form>
  );
}
