'use client';

import { useActionState } from 'react';
import { deleteModelAction } from '@/lib/evaluations/actions';
import type { EvalModelRow } from '@/lib/evaluations/queries';
import { LocalTime } from '@/components/ui/local-time';
import { FormMessage } from '@/components/ui/form-message';

function DeleteModel({ model, slug }: { model: EvalModelRow; slug: string }) {
  const [state, action, pending] = useActionState(deleteModelAction, {});
  if (model.evaluations > 0) return <span className="text-xs text-slate-600">kept: scored by {model.evaluations} evaluation(s)</span>;
  return (
    <form action={action} onSubmit={(event) => { if (!confirm(`Delete "${model.name}" and its ${model.records} records?`)) event.preventDefault(); }}>
      <input type="hidden" name="modelId" value={model.id} />
      <input type="hidden" name="slug" value={slug} />
      <button type="submit" disabled={pending} className="text-sm font-medium text-rose-800 hover:underline">Delete</button>
      <FormMessage id={`delete-${model.id}`} message={state.ok ? undefined : state.message} tone="error" />
    </form>
  );
}

export function ModelsList({ models, slug }: { models: EvalModelRow[]; slug: string }) {
  if (models.length === 0) return <p className="text-sm text-slate-600">No model uploaded yet.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="models-list">
      <thead className="text-xs uppercase text-slate-600">
        <tr><th className="py-1">Model</th><th>Records</th><th>Files</th><th>Uploaded</th><th><span className="sr-only">Actions</span></th></tr>
      </thead>
      <tbody>
        {models.map((m) => (
          <tr key={m.id} className="border-t border-slate-100 align-top">
            <td className="py-1.5 font-medium">{m.name}</td>
            <td>{m.records}</td>
            <td className="font-mono text-xs">{m.judgedFile}{m.responsesFile ? <><br />{m.responsesFile}</> : null}</td>
            <td><LocalTime iso={m.uploadedAt} /> by {m.uploadedBy}</td>
            <td><DeleteModel model={m} slug={slug} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
