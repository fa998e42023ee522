import Link from 'next/link';
import { LocalTime } from '@/components/ui/local-time';
import type { AssignmentItem, PersonProfile } from '@/lib/people/profile';
import { FLAG_LABEL } from '@/lib/ratings/schema';

const DECLINE_LABEL: Record<string, string> = {
  CONFLICT_OF_INTEREST: 'declined: conflict of interest',
  OUTSIDE_EXPERTISE: 'declined: outside expertise',
  OTHER: 'declined: other reason',
  REASSIGNED: 'withdrawn: re-assigned by a coordinator',
  DEACTIVATED: 'withdrawn: account deactivated',
};

const GROUPS: Array<{ label: string; states: AssignmentItem['status'][] }> = [
  { label: 'Assigned, not started', states: ['ASSIGNED'] },
  { label: 'In progress', states: ['IN_PROGRESS'] },
  { label: 'Completed', states: ['COMPLETED'] },
  { label: 'Declined or withdrawn', states: ['DECLINED'] },
];

const fixed = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits));

/** Ratings given, active time and agreement with co-raters, each with its n. */
export function PersonFigures({ profile }: { profile: PersonProfile }) {
  const { agreement, activeTime } = profile;
  return (
    <dl className="grid gap-4 sm:grid-cols-3" data-testid="person-figures">
      <div>
        <dt className="text-sm text-slate-600">Ratings given</dt>
        <dd className="text-2xl font-semibold">{profile.ratingsGiven}</dd>
      </div>
      <div>
        <dt className="text-sm text-slate-600">Median active time per option</dt>
        <dd className="text-2xl font-semibold">{activeTime.medianSeconds === null ? '—' : `${fixed(activeTime.medianSeconds, 1)} s`}</dd>
        <dd className="text-xs text-slate-600">n = {activeTime.n} option{activeTime.n === 1 ? '' : 's'} with recorded focus time</dd>
      </div>
      <div>
        <dt className="text-sm text-slate-600">Distance from co-raters</dt>
        <dd className="text-2xl font-semibold">{fixed(agreement.meanAbsoluteDeviation, 2)}</dd>
        <dd className="text-xs text-slate-600">
          mean |score − median of the other raters| over n = {agreement.n} option{agreement.n === 1 ? '' : 's'}
          {agreement.sameZoneShare === null ? '' : `; ${Math.round(agreement.sameZoneShare * 100)}% in the same zone (1-3 / 4-6 / 7-9) as that median`}
        </dd>
      </div>
    </dl>
  );
}

export function AssignmentsByState({ assignments }: { assignments: AssignmentItem[] }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {GROUPS.map((group) => {
        const rows = assignments.filter((a) => group.states.includes(a.status));
        return (
          <section key={group.label} aria-label={group.label}>
            <h3 className="text-sm font-semibold text-slate-900">{group.label} ({rows.length})</h3>
            {rows.length === 0 ? <p className="text-sm text-slate-500">None.</p> : (
              <ul className="mt-1 space-y-1 text-sm">
                {rows.map((a) => (
                  <li key={a.id}>
                    <Link href={`/projects/${a.projectSlug}/cases/${a.caseExternalId}`} className="font-medium text-sky-800 hover:underline">{a.caseExternalId}</Link>
                    <span className="text-slate-600"> · {a.projectName} · </span>
                    {a.status === 'DECLINED' ? (
                      <span className="text-slate-700">{DECLINE_LABEL[a.declineReason ?? 'OTHER'] ?? a.declineReason}{a.declineNote ? ` (“${a.declineNote}”)` : ''}{a.declinedAt ? <>, <LocalTime iso={a.declinedAt} style="date" /></> : null}</span>
                    ) : a.completedAt ? <span className="text-slate-600">completed <LocalTime iso={a.completedAt} style="date" /></span> : <span className="text-slate-600">assigned <LocalTime iso={a.assignedAt} style="date" /></span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

export function FlagsRaised({ flags }: { flags: PersonProfile['flags'] }) {
  const kinds = Object.entries(flags.byKind);
  if (kinds.length === 0) return <p className="text-sm text-slate-600">No flags raised.</p>;
  return (
    <div className="space-y-2 text-sm">
      <p>{kinds.map(([kind, n]) => `${FLAG_LABEL[kind as keyof typeof FLAG_LABEL] ?? kind}: ${n}`).join(' · ')}</p>
      <ul className="space-y-1">
        {flags.latest.map((f, i) => (
          <li key={i}>
            <Link href={`/projects/${f.projectSlug}/cases/${f.caseExternalId}`} className="font-medium text-sky-800 hover:underline">{f.caseExternalId} option {f.optionNumber}</Link>
            <span className="text-slate-600"> · {FLAG_LABEL[f.kind as keyof typeof FLAG_LABEL] ?? f.kind} · <LocalTime iso={f.createdAt} /></span>
            {f.comment ? <span className="block text-slate-700">“{f.comment}”</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
