import Link from 'next/link';
import { canCoordinate, type Role } from '@/lib/auth/roles';

export type ProjectSection = 'overview' | 'agreement' | 'adjudication' | 'gold' | 'releases' | 'evaluations' | 'people' | 'audit';

const SECTIONS: Array<{ key: ProjectSection; label: string; path: string; coordinatorsOnly?: boolean }> = [
  { key: 'overview', label: 'Overview', path: '' },
  { key: 'agreement', label: 'Agreement', path: '/agreement' },
  { key: 'adjudication', label: 'Adjudication', path: '/adjudication' },
  { key: 'gold', label: 'Gold rule', path: '/gold' },
  { key: 'releases', label: 'Releases', path: '/releases', coordinatorsOnly: true },
  { key: 'evaluations', label: 'Evaluations', path: '/evaluations', coordinatorsOnly: true },
  { key: 'people', label: 'People', path: '/people', coordinatorsOnly: true },
  { key: 'audit', label: 'Audit', path: '/audit', coordinatorsOnly: true },
];

/** The project's name and its sections, the current one marked for assistive technology too. */
export function ProjectNav({ slug, name, role, current }: { slug: string; name: string; role: Role; current: ProjectSection }) {
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-slate-600">
        <Link href="/projects" className="text-sky-800 hover:underline">Projects</Link> / <span data-testid="project-name">{name}</span>
      </p>
      <nav aria-label="Project sections" className="flex flex-wrap gap-1 border-b border-slate-200">
        {SECTIONS.filter((s) => !s.coordinatorsOnly || canCoordinate(role)).map((s) => (
          <Link
            key={s.key}
            href={`/projects/${slug}${s.path}`}
            aria-current={s.key === current ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm font-medium ${s.key === current ? 'border-sky-700 text-sky-900' : 'border-transparent text-slate-600 hover:text-sky-900'}`}
          >
            {s.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
