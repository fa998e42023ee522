'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { CaseRow } from '@/lib/projects/overview';

const STATE_LABEL: Record<CaseRow['state'], string> = {
  waiting: 'Waiting for physicians',
  'not-started': 'Not started',
  rating: 'Being rated',
  complete: 'Fully rated',
  locked: 'Locked',
};
const STATE_STYLE: Record<CaseRow['state'], string> = {
  waiting: 'bg-amber-100 text-amber-900',
  'not-started': 'bg-white text-slate-800 ring-1 ring-slate-300',
  rating: 'bg-sky-100 text-sky-900',
  complete: 'bg-emerald-100 text-emerald-900',
  locked: 'bg-slate-200 text-slate-800',
};
const STATE_ORDER: CaseRow['state'][] = ['waiting', 'not-started', 'rating', 'complete', 'locked'];

export const CASES_PAGE_SIZE = 50;

type SortKey = 'case' | 'specialty' | 'state' | 'progress';
type Sort = { key: SortKey; dir: 'ascending' | 'descending' };

const compare: Record<SortKey, (a: CaseRow, b: CaseRow) => number> = {
  case: (a, b) => a.externalId.localeCompare(b.externalId, undefined, { numeric: true }),
  specialty: (a, b) => a.specialty.localeCompare(b.specialty),
  state: (a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state),
  progress: (a, b) => (a.expected ? a.done / a.expected : 0) - (b.expected ? b.done / b.expected : 0),
};

function SortHeader({ label, sortKey, sort, onSort, className = '' }: { label: string; sortKey: SortKey; sort: Sort; onSort: (key: SortKey) => void; className?: string }) {
  const active = sort.key === sortKey;
  return (
    <th scope="col" aria-sort={active ? sort.dir : 'none'} className={`whitespace-nowrap py-2 pr-4 ${className}`}>
      <button type="button" onClick={() => onSort(sortKey)} className="inline-flex items-center gap-1 font-semibold hover:text-sky-900 focus:outline-none focus:ring-2 focus:ring-sky-500">
        {label}
        <span aria-hidden className="text-xs">{active ? (sort.dir === 'ascending' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
}

/** The project's cases: sortable, filterable by specialty, state and text, 50 per page. */
export function CasesTable({ slug, cases }: { slug: string; cases: CaseRow[] }) {
  const [sort, setSort] = useState<Sort>({ key: 'case', dir: 'ascending' });
  const [specialty, setSpecialty] = useState('');
  const [state, setState] = useState('');
  const [text, setText] = useState('');
  const [page, setPage] = useState(0);

  const specialties = useMemo(() => [...new Set(cases.map((c) => c.specialty))].sort(), [cases]);
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const rows = cases.filter(
      (c) =>
        (!specialty || c.specialty === specialty) &&
        (!state || c.state === state) &&
        (!needle || c.externalId.toLowerCase().includes(needle) || c.raters.some((r) => r.name.toLowerCase().includes(needle))),
    );
    const sign = sort.dir === 'ascending' ? 1 : -1;
    return rows.sort((a, b) => sign * compare[sort.key](a, b) || compare.case(a, b));
  }, [cases, specialty, state, text, sort]);

  if (cases.length === 0) return <p className="text-sm text-slate-600">No cases yet: import NOHARM rubric files above.</p>;

  const pages = Math.max(1, Math.ceil(shown.length / CASES_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const visible = shown.slice(current * CASES_PAGE_SIZE, (current + 1) * CASES_PAGE_SIZE);
  const onSort = (key: SortKey) => {
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: 'ascending' }));
    setPage(0);
  };
  const field = 'mt-1 block rounded border border-slate-300 px-2 py-1 text-sm';

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter cases">
        <label className="text-sm">
          <span className="font-medium">Specialty</span>
          <select value={specialty} onChange={(e) => { setSpecialty(e.target.value); setPage(0); }} className={field}>
            <option value="">all</option>
            {specialties.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label className="text-sm">
          <span className="font-medium">State</span>
          <select value={state} onChange={(e) => { setState(e.target.value); setPage(0); }} className={field}>
            <option value="">all</option>
            {STATE_ORDER.map((s) => <option key={s} value={s}>{STATE_LABEL[s]}</option>)}
          </select>
        </label>
        <label className="text-sm">
          <span className="font-medium">Case or physician</span>
          <input type="search" value={text} onChange={(e) => { setText(e.target.value); setPage(0); }} className={field} placeholder="e.g. Card001" />
        </label>
        <p className="text-sm text-slate-600" aria-live="polite" data-testid="cases-count">
          {shown.length} of {cases.length} case{cases.length === 1 ? '' : 's'}
        </p>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="cases-table">
          <thead className="text-slate-600">
            <tr>
              <SortHeader label="Case" sortKey="case" sort={sort} onSort={onSort} />
              <SortHeader label="Specialty" sortKey="specialty" sort={sort} onSort={onSort} />
              <th scope="col" className="whitespace-nowrap py-2 pr-4 text-right">Options</th>
              <SortHeader label="State" sortKey="state" sort={sort} onSort={onSort} />
              <SortHeader label="Progress" sortKey="progress" sort={sort} onSort={onSort} />
              <th scope="col" className="whitespace-nowrap py-2">Physicians (rated / options)</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((c) => (
              <tr key={c.id} className="border-t border-slate-100 align-top" data-testid={`case-${c.externalId}`}>
                <td className="py-2 pr-4 font-medium">
                  <Link href={`/projects/${slug}/cases/${c.externalId}`} className="text-sky-800 hover:underline">{c.externalId}</Link>
                </td>
                <td className="pr-4">{c.specialty}</td>
                <td className="pr-4 text-right tabular-nums">{c.options}</td>
                <td className="pr-4">
                  <span className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${STATE_STYLE[c.state]}`} data-testid={`case-state-${c.externalId}`}>
                    {STATE_LABEL[c.state]}
                    {c.state === 'waiting' ? ` (${c.raters.length} of ${c.need})` : ''}
                    {c.state === 'locked' && c.lockedIn ? ` in v${c.lockedIn}` : ''}
                  </span>
                </td>
                <td className="whitespace-nowrap pr-4 tabular-nums" data-testid={`case-progress-${c.externalId}`}>{c.done} / {c.expected}</td>
                <td>
                  <ul>
                    {c.raters.map((r, index) => (
                      <li key={index}>
                        {r.name}
                        {r.isSimulated ? <span className="ml-1 rounded bg-violet-100 px-1 text-xs text-violet-900">simulated</span> : null}
                        <span className="text-slate-600"> · {r.rated}/{c.options}</span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label="Case pages" className="flex items-center gap-3 text-sm">
          <button type="button" onClick={() => setPage(current - 1)} disabled={current === 0} className="rounded border border-slate-300 px-2 py-1 disabled:opacity-40">Previous</button>
          <span data-testid="cases-page">Page {current + 1} of {pages}</span>
          <button type="button" onClick={() => setPage(current + 1)} disabled={current >= pages - 1} className="rounded border border-slate-300 px-2 py-1 disabled:opacity-40">Next</button>
        </nav>
      ) : null}
    </div>
  );
}
