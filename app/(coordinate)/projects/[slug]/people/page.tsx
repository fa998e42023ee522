import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { ActionButton } from '@/components/people/action-button';
import { ROLE_LABEL, inputClass } from '@/components/people/fields';
import { MembersTable } from '@/components/people/members-table';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { addMemberAction } from '@/lib/people/actions';
import { findMemberCandidates, listProjectMembers } from '@/lib/people/membership';
import { requireProjectPage } from '@/lib/projects/access';

export const metadata: Metadata = { title: 'Project people' };

export default async function ProjectPeoplePage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ q?: string | string[] }> }) {
  const { slug } = await params;
  const { user, project } = await requireProjectPage(slug, COORDINATING_ROLES);
  const raw = (await searchParams).q;
  const query = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 120) ?? '';
  const [members, candidates] = await Promise.all([
    listProjectMembers({ actor: user, projectId: project.id }),
    query ? findMemberCandidates({ actor: user, projectId: project.id, query }) : Promise.resolve([]),
  ]);
  return (
    <div className="space-y-6">
      <ProjectNav slug={project.slug} name={project.name} role={user.role} current="people" />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">People in {project.name}</h1>
        <Link href={`/people?invite=${encodeURIComponent(project.id)}`} className="rounded-md bg-sky-800 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-900">Invite to this project</Link>
      </div>
      <Card title={`Members (${members.length})`}>
        <MembersTable projectId={project.id} members={members} canRemoveAdmins={user.role === 'ADMIN'} />
      </Card>
      <Card title="Add someone who already has an account">
        <form method="get" role="search" aria-label="Find people to add" className="flex flex-wrap items-end gap-3">
          <div className="min-w-64">
            <label htmlFor="member-q" className="block text-sm font-medium">Name or email</label>
            <input id="member-q" name="q" defaultValue={query} className={inputClass} />
          </div>
          <button type="submit" className="rounded-md bg-white px-4 py-2 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-100">Search</button>
        </form>
        {query ? (
          candidates.length === 0 ? <p className="mt-3 text-sm text-slate-600">Nobody you can see matches “{query}” outside this project. Invite them instead.</p> : (
            <ul className="mt-3 divide-y divide-slate-100" aria-label="People you can add">
              {candidates.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                  <span><span className="font-medium">{c.name}</span> <span className="text-slate-600">{c.email} · {ROLE_LABEL[c.role]}</span></span>
                  <ActionButton id={`add-${c.id}`} action={addMemberAction} fields={{ projectId: project.id, userId: c.id }} label="Add" variant="primary" />
                </li>
              ))}
            </ul>
          )
        ) : null}
      </Card>
    </div>
  );
}
