'use client';

import { useActionState, useRef } from 'react';
import { uploadModelAction } from '@/lib/evaluations/actions';
import type { UploadProblem } from '@/lib/evaluations/upload';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

/**
 * Upload one model: its judged records (`<model>_judged.jsonl`, required), its responses
 * (`<model>.jsonl`, optional: the plan text shown on the model's page) and a name (from the file,
 * or the records' `model` field, unless given). Refusals list every problem by file and line.
 */
export function UploadModelForm({ projectId, slug }: { projectId: string; slug: string }) {
  const [state, action, pending] = useActionState(uploadModelAction, {});
  const form = useRef<HTMLFormElement>(null);
  const problems: UploadProblem[] = state.ok ? [] : (state.data ?? []);
  return (
    <form ref={form} action={action} className="space-y-3" aria-describedby="upload-model-message">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="slug" value={slug} />
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="block text-sm">
          <span className="font-medium">Judged records (required)</span>
          <input name="judged" type="file" accept=".jsonl,.json,application/jsonl,application/json,text/plain" required aria-invalid={Boolean(state.errors?.judged)} className="mt-1 block w-full text-sm" />
          <span className="text-xs text-slate-600">The NOHARM judge&apos;s output, e.g. gpt-5.5_judged.jsonl</span>
        </label>
        <label className="block text-sm">
          <span className="font-medium">Responses (optional)</span>
          <input name="responses" type="file" accept=".jsonl,.json,application/jsonl,application/json,text/plain" className="mt-1 block w-full text-sm" />
          <span className="text-xs text-slate-600">{'{id, trial, response}'} per line: the plan text</span>
        </label>
        <label className="block text-sm">
          <span className="font-medium">Model name (optional)</span>
          <input name="name" type="text" maxLength={120} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" placeholder="from the file name" />
        </label>
      </div>
      <Button type="submit" disabled={pending}>{pending ? 'Uploading…' : 'Upload model'}</Button>
      <FormMessage id="upload-model-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
      {problems.length > 0 ? (
        <ul className="list-disc space-y-0.5 pl-5 text-sm text-rose-800" data-testid="upload-model-problems">
          {problems.map((p, index) => (
            <li key={index}>
              {p.file ? <code className="font-mono text-xs">{p.file}{p.line !== null ? `:${p.line}` : ''}</code> : null} {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
