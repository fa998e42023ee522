import Link from 'next/link';
import { LocalTime } from '@/components/ui/local-time';
import type { ReleaseListRow } from '@/lib/releases/queries';

/** Every version of the project, newest first, each with its release id, page and download. */
export function ReleasesList({ slug, releases }: { slug: string; releases: ReleaseListRow[] }) {
  if (releases.length === 0) return <p className="mt-3 text-sm text-slate-600">No release yet.</p>;
  return (
    <ul className="mt-3 divide-y divide-slate-100 text-sm">
      {releases.map((r) => (
        <li key={r.dbId} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={`release-v${r.version}`}>
          <span>
            <Link href={`/projects/${slug}/releases/${r.version}`} className="font-semibold text-sky-800 hover:underline">v{r.version}</Link> · {r.cases} case(s),{' '}
            {r.options} option(s) · <LocalTime iso={r.createdAt} /> by {r.createdBy}
            {r.overridden ? <span className="ml-1 rounded bg-amber-100 px-1.5 text-xs text-amber-900">override</span> : null}
            {r.releaseId ? <span className="ml-2 font-mono text-xs text-slate-500" title={r.releaseId}>{r.releaseId.slice(0, 12)}</span> : null}
          </span>
          <a href={`/api/releases/${r.dbId}/download`} className="font-semibold text-sky-800 hover:underline" download>
            Download v{r.version}
          </a>
        </li>
      ))}
    </ul>
  );
}
