import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { requireProjectPage } from '@/lib/projects/access';
import { listAuditActors, listProjectAuditLog } from '@/lib/audit-log/service';
import { auditQuery as query, parseAuditFilter } from '@/lib/audit-log/schema';

export const metadata: Metadata = { title: 'Audit' };

export default async function AuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const { user, project } = await requireProjectPage(slug, COORDINATING_ROLES);
  const parsed = parseAuditFilter(search);
  const filter = parsed.ok ? parsed.filter : {};
  const [page, actors] = await Promise.all([listProjectAuditLog({ user, projectId: project.id, filter }), listAuditActors(project.id)]);
  const base = `/projects/${project.slug}/audit`;
  return (
    <div className="space-y-6">
      <ProjectNav slug={project.slug} name={project.name} role={user.role} current="audit" />
      <div>
        <h1 className="text-2xl font-bold">Audit history</h1>
        <p className="text-sm text-slate-600">
          Every recorded change in this project, newest first: imports, assignments, membership, invitations, settings, locks,
          adjudications and every rating change (old → new), and changes to the accounts of its current members (role, deactivation,
          password links), which also show in their other projects. The history cannot be edited or deleted. A change made without a named actor is shown as
          &ldquo;unknown (direct database change)&rdquo;.
        </p>
      </div>
      <Card title="Filters">
        <AuditFilters action={base} filter={filter} actors={actors} />
        {!parsed.ok ? <p role="status" className="mt-2 text-sm text-rose-800" data-testid="audit-filter-error">Filter ignored: {parsed.message}</p> : null}
      </Card>
      <Card
        title="Changes"
        actions={<a href={`/api/projects/${project.slug}/audit${query(filter)}`} className="text-sm font-semibold text-sky-800 hover:underline" download>Download these rows as CSV</a>}
      >
        <AuditTable rows={page.rows} />
        <nav aria-label="Audit pages" className="mt-4 flex gap-4 text-sm">
          {page.newer ? <Link rel="prev" href={`${base}${query(filter, { newer: page.newer })}`} className="font-semibold text-sky-800 hover:underline">← Newer</Link> : <span className="text-slate-400">← Newer</span>}
          {page.older ? <Link rel="next" href={`${base}${query(filter, { older: page.older })}`} className="font-semibold text-sky-800 hover:underline">Older →</Link> : <span className="text-slate-400">Older →</span>}
          <span className="text-slate-600">{page.rows.length} row{page.rows.length === 1 ? '' : 's'} on this page (100 at most)</span>
        </nav>
      </Card>
    </div>
  );
}
