'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { createEvaluationAction } from '@/lib/evaluations/actions';
import { EVAL_BOOTSTRAP } from '@/lib/evaluations/limits';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

export type ReleaseChoice = { dbId: string; version: number; cases: number; releaseId: string | null };
export type ModelChoice = { id: string; name: string; records: number };

/** Score chosen models against a locked release (the newest by default); B and the seed are kept with the figures. */
export function CreateEvaluationForm({ projectId, slug, releases, models }: { projectId: string; slug: string; releases: ReleaseChoice[]; models: ModelChoice[] }) {
  const [state, action, pending] = useActionState(createEvaluationAction, {});
  if (releases.length === 0) return <p className="text-sm text-slate-600">No release is locked yet: lock one on the Releases page first; models are scored against a release&apos;s gold.</p>;
  if (models.length === 0) return <p className="text-sm text-slate-600">Upload at least one model first.</p>;
  const fieldError = (name: string) => state.errors?.[name]?.join(' ');
  return (
    <form action={action} className="space-y-3" aria-describedby="create-evaluation-message">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="slug" value={slug} />
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="block text-sm">
          <span className="font-medium">Release</span>
          <select name="releaseId" defaultValue={releases[0]!.dbId} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm">
            {releases.map((r) => (
              <option key={r.dbId} value={r.dbId}>v{r.version} ({r.cases} cases{r.releaseId ? `, ${r.releaseId.slice(0, 12)}…` : ''})</option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="font-medium">Bootstrap replicates</span>
          <input name="bootstrap" type="number" min={EVAL_BOOTSTRAP.min} max={EVAL_BOOTSTRAP.max} step={1} defaultValue={EVAL_BOOTSTRAP.default} aria-invalid={Boolean(fieldError('bootstrap'))} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
          {fieldError('bootstrap') ? <span className="text-xs text-rose-800">{fieldError('bootstrap')}</span> : null}
        </label>
        <label className="block text-sm">
          <span className="font-medium">Seed</span>
          <input name="seed" type="number" min={0} step={1} defaultValue={0} aria-invalid={Boolean(fieldError('seed'))} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
          {fieldError('seed') ? <span className="text-xs text-rose-800">{fieldError('seed')}</span> : null}
        </label>
      </div>
      <fieldset className="text-sm">
        <legend className="font-medium">Models</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {models.map((m) => (
            <label key={m.id} className="inline-flex items-center gap-1.5">
              <input type="checkbox" name="modelIds" value={m.id} defaultChecked /> {m.name} <span className="text-slate-600">({m.records})</span>
            </label>
          ))}
        </div>
        {fieldError('modelIds') ? <p className="text-xs text-rose-800">{fieldError('modelIds')}</p> : null}
      </fieldset>
      <Button type="submit" disabled={pending}>{pending ? 'Scoring…' : 'Score models'}</Button>
      <FormMessage id="create-evaluation-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
      {state.ok && state.data ? (
        <Link href={`/projects/${slug}/evaluations/${state.data.id}`} className="font-semibold text-sky-800 hover:underline" data-testid="open-evaluation">
          Open the leaderboard
        </Link>
      ) : null}
    </form>
  );
}
