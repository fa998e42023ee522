import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { requirePageUser } from '@/lib/auth/session';
import { listAllAuditLog, listAuditActors } from '@/lib/audit-log/service';
import { auditQuery as query, parseAuditFilter } from '@/lib/audit-log/schema';

export const metadata: Metadata = { title: 'Audit (all projects)' };

/** Admins: every recorded change, in every project and outside any (users, sessions). */
export default async function AllAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser(['ADMIN']);
  const parsed = parseAuditFilter(await searchParams);
  const filter = parsed.ok ? parsed.filter : {};
  const [page, actors] = await Promise.all([listAllAuditLog({ user, filter }), listAuditActors(null)]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Audit history, all projects</h1>
        <p className="text-sm text-slate-600">Every recorded change, newest first, including changes to people and sessions that belong to no project.</p>
      </div>
      <Card title="Filters">
        <AuditFilters action="/audit" filter={filter} actors={actors} />
        {!parsed.ok ? <p role="status" className="mt-2 text-sm text-rose-800">Filter ignored: {parsed.message}</p> : null}
      </Card>
      <Card title="Changes">
        <AuditTable rows={page.rows} />
        <nav aria-label="Audit pages" className="mt-4 flex gap-4 text-sm">
          {page.newer ? <Link rel="prev" href={`/audit${query(filter, { newer: page.newer })}`} className="font-semibold text-sky-800 hover:underline">← Newer</Link> : <span className="text-slate-400">← Newer</span>}
          {page.older ? <Link rel="next" href={`/audit${query(filter, { older: page.older })}`} className="font-semibold text-sky-800 hover:underline">Older →</Link> : <span className="text-slate-400">Older →</span>}
        </nav>
      </Card>
    </div>
  );
}
