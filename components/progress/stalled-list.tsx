'use client';

import { useActionState } from 'react';
import { reassignAction } from '@/lib/progress/actions';
import { FormMessage } from '@/components/ui/form-message';
import { LocalTime } from '@/components/ui/local-time';
import type { StalledAssignment } from '@/lib/progress/service';

function ReassignButton({ slug, item, action, pending }: { slug: string; item: StalledAssignment; action: (formData: FormData) => void; pending: boolean }) {
  return (
    <form action={action}>
      <input type="hidden" name="assignmentId" value={item.assignmentId} />
      <input type="hidden" name="slug" value={slug} />
      <button
        type="submit"
        disabled={pending}
        aria-describedby="reassign-message"
        className="whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-xs font-semibold text-slate-800 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-sky-500 disabled:opacity-50"
      >
        Reassign {item.caseExternalId}
      </button>
    </form>
  );
}

/** Open assignments with no rating, or no new rating, for N days; one click gives the case to someone else. */
export function StalledList({ slug, items, afterDays, canReassign }: { slug: string; items: StalledAssignment[]; afterDays: number; canReassign: boolean }) {
  // One outcome region for the list: the reassigned row leaves the list, its message stays.
  const [state, action, pending] = useActionState(reassignAction, {});
  return (
    <div className="space-y-2" data-testid="stalled">
      <p className="text-sm text-slate-600">
        Stalled: no rating {afterDays} day{afterDays === 1 ? '' : 's'} after the case was assigned (not started), or no rating saved for {afterDays} day{afterDays === 1 ? '' : 's'} (not touched).
        Reassigning withdraws the physician&apos;s partial scores on that case (the history keeps them) and gives the case to the least-loaded physician of its specialty.
      </p>
      {canReassign ? <FormMessage id="reassign-message" message={pending ? 'Reassigning…' : state.message} tone={state.ok === false ? 'error' : 'success'} /> : null}
      {items.length === 0 ? (
        <p className="text-sm" data-testid="stalled-none">No stalled assignments.</p>
      ) : (
        <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="whitespace-nowrap py-2 pr-4">Physician</th>
              <th scope="col" className="whitespace-nowrap pr-4">Case</th>
              <th scope="col" className="whitespace-nowrap pr-4">Why</th>
              <th scope="col" className="whitespace-nowrap pr-4 text-right">Days</th>
              {canReassign ? <th scope="col" className="whitespace-nowrap">Action</th> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.assignmentId} className="border-t border-slate-100 align-top" data-testid="stalled-row">
                <td className="py-1.5 pr-4">
                  {s.name}
                  {s.isSimulated ? <span className="ml-1 rounded bg-violet-100 px-1 text-xs text-violet-900">simulated</span> : null}
                </td>
                <td className="pr-4">{s.caseExternalId} <span className="text-slate-500">({s.specialty})</span></td>
                <td className="pr-4">
                  {s.kind === 'not-started' ? 'not started since assigned' : 'not touched since'} <LocalTime iso={s.since} style="date" />
                </td>
                <td className="pr-4 text-right tabular-nums">{s.days}</td>
                {canReassign ? <td><ReassignButton slug={slug} item={s} action={action} pending={pending} /></td> : null}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </div>
  );
}
