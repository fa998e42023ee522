'use client';

import { useActionState } from 'react';
import { uploadRubrics } from '@/lib/import/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionState } from '@/lib/actions/safe-action';
import type { ImportProblem } from '@/lib/import/parse-rubrics';

export function ImportForm({ projectId }: { projectId: string }) {
  const [state, action, pending] = useActionState<ActionState<ImportProblem[]>, FormData>(uploadRubrics, {});
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="projectId" value={projectId} />
      <div>
        <label htmlFor="files" className="block text-sm font-medium">NOHARM rubric files (.json, one per case)</label>
        <input id="files" name="files" type="file" accept=".json,application/json" multiple required className="mt-1 block w-full text-sm" aria-describedby="import-message" />
        <p className="mt-1 text-xs text-slate-600">All or nothing: one bad file refuses the whole upload. Cases already here are skipped, never overwritten.</p>
      </div>
      <Button type="submit" disabled={pending}>{pending ? 'Importing…' : 'Import'}</Button>
      <FormMessage id="import-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
      {state.data?.length ? (
        <ul className="list-disc space-y-1 pl-5 text-sm text-rose-800" data-testid="import-problems">
          {state.data.map((p, index) => (
            <li key={index}><code>{p.file}</code> at <code>{p.path}</code>: {p.message.replace(`${p.file}: ${p.path}: `, '')}</li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
