'use client';

import Link from 'next/link';
import { useActionState, useMemo, useState } from 'react';
import { lockReleaseAction } from '@/lib/releases/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';

export type SelectableCase = { externalId: string; specialty: string; options: number; released: boolean; problems: string[] };

/**
 * Choose the cases of the next release (every released and every ready case by default), the
 * licence, and, when a chosen case is not ready, a written override reason. The button says how
 * many cases it locks and the confirm dialog that it cannot be undone.
 */
export function CreateReleaseForm({
  projectId,
  slug,
  nextVersion,
  cases,
  licenses,
  defaultLicense,
  isDemo,
}: {
  projectId: string;
  slug: string;
  nextVersion: number;
  cases: SelectableCase[];
  licenses: readonly string[];
  defaultLicense: string;
  isDemo: boolean;
}) {
  const [state, action, pending] = useActionState(lockReleaseAction, {});
  const [selected, setSelected] = useState(() => new Set(cases.filter((c) => c.released || c.problems.length === 0).map((c) => c.externalId)));
  // Released cases too: one locked earlier by an override still lacks what it lacked, and this release must say so.
  const notReady = useMemo(() => cases.filter((c) => selected.has(c.externalId) && c.problems.length > 0), [cases, selected]);
  const newCases = cases.filter((c) => selected.has(c.externalId) && !c.released).length;
  const toggle = (id: string, on: boolean) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const missing = cases.filter((c) => c.problems.length > 0);

  if (state.ok && state.data) {
    return (
      <div className="space-y-2 rounded-md bg-emerald-50 p-3 ring-1 ring-emerald-200">
        <FormMessage id="lock-message" message={state.message} tone="success" />
        <p className="text-sm">
          Release id <code className="break-all font-mono text-xs" data-testid="new-release-id">{state.data.id}</code>
        </p>
        <Link href={`/projects/${slug}/releases/${state.data.version}`} className="font-semibold text-sky-800 hover:underline">
          Open release v{state.data.version}
        </Link>
      </div>
    );
  }

  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`Lock ${selected.size} case(s) as release v${nextVersion}? Their ratings and adjudications can never change afterwards.`)) event.preventDefault();
      }}
      className="space-y-4"
    >
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="slug" value={slug} />
      {missing.length > 0 ? (
        <div className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="lock-missing">
          <p className="font-semibold">Not ready ({missing.length} case(s)): what is missing</p>
          <ul className="list-disc pl-5">
            {missing.map((c) => (
              <li key={c.externalId}>
                {c.externalId}: {c.problems.join('; ')}
                {c.released ? ' (released earlier by an override: carrying it needs one again)' : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <fieldset>
        <legend className="text-sm font-semibold text-slate-900">Cases in v{nextVersion}</legend>
        <div className="mt-2 flex gap-3 text-sm">
          <button type="button" className="text-sky-800 hover:underline" onClick={() => setSelected(new Set(cases.filter((c) => c.released || c.problems.length === 0).map((c) => c.externalId)))}>
            Released and ready
          </button>
          <button type="button" className="text-sky-800 hover:underline" onClick={() => setSelected(new Set())}>
            None
          </button>
        </div>
        <div className="mt-2 max-h-96 overflow-y-auto rounded ring-1 ring-slate-200">
          <table className="w-full text-left text-sm">
            <thead className="sticky top-0 bg-slate-50 text-xs uppercase text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">Case</th>
                <th scope="col" className="px-3 py-2">Specialty</th>
                <th scope="col" className="px-3 py-2 text-right">Options</th>
                <th scope="col" className="px-3 py-2">State</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {cases.map((c) => (
                <tr key={c.externalId} data-testid={`release-case-${c.externalId}`}>
                  <td className="px-3 py-1.5">
                    <label className="flex items-center gap-2">
                      <input type="checkbox" name="cases" value={c.externalId} checked={selected.has(c.externalId)} onChange={(e) => toggle(c.externalId, e.currentTarget.checked)} />
                      <span className="font-mono">{c.externalId}</span>
                    </label>
                  </td>
                  <td className="px-3 py-1.5">{c.specialty}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{c.options}</td>
                  <td className="px-3 py-1.5">
                    {c.released ? <span className="text-slate-600">released (frozen){c.problems.length > 0 ? '; ' : ''}</span> : c.problems.length === 0 ? <span className="text-emerald-800">ready</span> : null}
                    {c.problems.length > 0 ? <span className="text-amber-900">{c.problems.join('; ')}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>
      <div className="grid gap-4 md:grid-cols-2">
        <label className="block text-sm">
          <span className="font-semibold text-slate-900">Licence of the dataset</span>
          <select name="license" defaultValue={defaultLicense} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2">
            {licenses.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="font-semibold text-slate-900">Override reason {notReady.length > 0 ? '(required)' : '(only for cases that are not ready)'}</span>
          <textarea
            name="override"
            rows={3}
            required={notReady.length > 0}
            minLength={notReady.length > 0 ? 10 : undefined}
            aria-describedby="override-help"
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
          />
          <span id="override-help" className="mt-1 block text-xs text-slate-600">
            {notReady.length > 0
              ? `${notReady.length} selected case(s) are not ready (${notReady.map((c) => c.externalId).join(', ')}). The reason, and that you gave it, are kept with the release and stated in its card.`
              : isDemo
                ? 'Demo project: simulated ratings are allowed, and the release states how many there are.'
                : 'Cases with simulated ratings, missing ratings or pending adjudications need a written reason.'}
          </span>
        </label>
      </div>
      <Button type="submit" variant="danger" disabled={pending || selected.size === 0}>
        Lock {selected.size} case(s) as v{nextVersion}
      </Button>
      <p className="text-xs text-slate-600">{newCases} of them will be locked now; released cases are carried as they were frozen.</p>
      <FormMessage id="lock-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
      {state.errors ? <FormMessage id="lock-errors" message={Object.entries(state.errors).map(([k, v]) => `${k}: ${v.join(', ')}`).join('\n')} tone="error" /> : null}
    </form>
  );
}
