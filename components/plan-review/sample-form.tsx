'use client';

import { useActionState } from 'react';
import { samplePlansAction } from '@/lib/plan-review/actions';
import { PLAN_REVIEW_LIMITS } from '@/lib/plan-review/schema';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

export type SampleModelChoice = { id: string; name: string; withPlan: number; sampled: number };

/** Sample N plans per model (stratified by case) for k physicians each. */
export function SampleForm({ projectId, slug, models }: { projectId: string; slug: string; models: SampleModelChoice[] }) {
  const [state, action, pending] = useActionState(samplePlansAction, {});
  if (models.length === 0) return <p className="text-sm text-slate-600">Upload a model with its responses (the plan texts) on the Evaluations page first.</p>;
  const fieldError = (name: string) => state.errors?.[name]?.join(' ');
  const number = (name: 'perModel' | 'k' | 'seed', label: string, min: number, max: number, value: number) => (
    <label className="block text-sm">
      <span className="font-medium">{label}</span>
      <input name={name} type="number" min={min} max={max} step={1} defaultValue={value} aria-invalid={Boolean(fieldError(name))} className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
      {fieldError(name) ? <span className="text-xs text-rose-800">{fieldError(name)}</span> : null}
    </label>
  );
  return (
    <form action={action} className="space-y-3" aria-describedby="sample-plans-message">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="slug" value={slug} />
      <div className="grid gap-3 sm:grid-cols-3">
        {number('perModel', 'Plans per model (N)', PLAN_REVIEW_LIMITS.perModel.min, PLAN_REVIEW_LIMITS.perModel.max, PLAN_REVIEW_LIMITS.perModel.default)}
        {number('k', 'Physicians per plan (k)', PLAN_REVIEW_LIMITS.k.min, PLAN_REVIEW_LIMITS.k.max, PLAN_REVIEW_LIMITS.k.default)}
        {number('seed', 'Seed', 0, 2 ** 31 - 1, 0)}
      </div>
      <fieldset className="text-sm">
        <legend className="font-medium">Models</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {models.map((m) => (
            <label key={m.id} className="inline-flex items-center gap-1.5">
              <input type="checkbox" name="modelIds" value={m.id} defaultChecked={m.withPlan > m.sampled} /> {m.name}{' '}
              <span className="text-slate-600">({Math.max(0, m.withPlan - m.sampled)} of {m.withPlan} base-case plans not yet sampled)</span>
            </label>
          ))}
        </div>
        {fieldError('modelIds') ? <p className="text-xs text-rose-800">{fieldError('modelIds')}</p> : null}
      </fieldset>
      <p className="text-xs text-slate-600">
        Only base-case plans are drawn (record id equal to the case id): a perturbation&apos;s plan (e.g. Card001-3) answered a changed presentation that Primum does not store, so it could not be shown with the text the model saw. Each model&apos;s N is spread over its cases as evenly as their plans allow; the seed fixes the draw. A plan is never sampled twice. Each plan goes to k physicians of the case&apos;s specialty who are members of this project, the least loaded first; cases with fewer than k such physicians are skipped.
      </p>
      <Button type="submit" disabled={pending}>{pending ? 'Sampling…' : 'Sample plans'}</Button>
      <FormMessage id="sample-plans-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
    </form>
  );
}
