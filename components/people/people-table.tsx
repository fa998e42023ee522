import Link from 'next/link';
import type { PersonRow } from '@/lib/people/service';
import { ROLE_LABEL } from '@/components/people/fields';

/** Status in words (never colour alone): active/inactive, plus demo and simulated marks. */
export function StatusBadges({ isActive, isDemo, isSimulated }: { isActive: boolean; isDemo: boolean; isSimulated: boolean }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${isActive ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-200 text-slate-800'}`}>{isActive ? 'active' : 'inactive'}</span>
      {isDemo ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">demo</span> : null}
      {isSimulated ? <span className="rounded bg-violet-100 px-1.5 py-0.5 text-xs font-medium text-violet-900">simulated</span> : null}
    </span>
  );
}

export function PeopleTable({ people }: { people: PersonRow[] }) {
  if (people.length === 0) return <p className="text-sm text-slate-600">Nobody matches these filters.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="people-table">
        <caption className="sr-only">People ({people.length})</caption>
        <thead className="border-b border-slate-200 text-slate-700">
          <tr>
            <th scope="col" className="py-2 pr-4">Name</th>
            <th scope="col" className="py-2 pr-4">Email</th>
            <th scope="col" className="py-2 pr-4">Role</th>
            <th scope="col" className="py-2 pr-4">Specialties</th>
            <th scope="col" className="py-2 pr-4">Projects</th>
            <th scope="col" className="py-2 pr-4">Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {people.map((p) => (
            <tr key={p.id}>
              <td className="py-2 pr-4"><Link href={`/people/${p.id}`} className="font-medium text-sky-800 hover:underline">{p.name}</Link></td>
              <td className="py-2 pr-4 break-all">{p.email}</td>
              <td className="py-2 pr-4">{ROLE_LABEL[p.role]}</td>
              <td className="py-2 pr-4">{p.specialties.join(', ') || '—'}</td>
              <td className="py-2 pr-4">{p.projects.length ? p.projects.map((pr, i) => <span key={pr.slug}>{i ? ', ' : ''}<Link href={`/projects/${pr.slug}`} className="text-sky-800 hover:underline">{pr.name}</Link></span>) : '—'}</td>
              <td className="py-2 pr-4"><StatusBadges {...p} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
