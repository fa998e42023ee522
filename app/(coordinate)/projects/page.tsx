import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { CreateProjectForm } from '@/components/coordinate/create-project-form';
import { requirePageUser } from '@/lib/auth/session';
import { canCoordinate, REVIEWING_ROLES } from '@/lib/auth/roles';
import { listProjects } from '@/lib/projects/service';

export const metadata: Metadata = { title: 'Projects' };

export default async function ProjectsPage() {
  const user = await requirePageUser(REVIEWING_ROLES);
  const projects = await listProjects(user);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Projects</h1>
      <Card>
        {projects.length === 0 ? <p className="text-sm text-slate-600">No project yet: create one, then import cases into it.</p> : null}
        <ul className="divide-y divide-slate-100">
          {projects.map((p) => (
            <li key={p.id} className="flex items-center justify-between py-2">
              <Link href={`/projects/${p.slug}`} className="font-semibold text-sky-800 hover:underline">{p.name}</Link>
              <span className="text-sm text-slate-600">{p.cases} case(s) · {p.releases} release(s) · {p.ratersPerCase} raters per case</span>
            </li>
          ))}
        </ul>
      </Card>
      {canCoordinate(user.role) ? (
        <Card title="New project">
          <CreateProjectForm />
        </Card>
      ) : null}
    </div>
  );
}
