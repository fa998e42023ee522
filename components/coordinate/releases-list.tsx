import { LocalTime } from '@/components/ui/local-time';
import type { ReleaseRow } from '@/lib/projects/overview';

export function ReleasesList({ releases }: { releases: ReleaseRow[] }) {
  if (releases.length === 0) return <p className="mt-3 text-sm text-slate-600">No release yet.</p>;
  return (
    <ul className="mt-3 divide-y divide-slate-100 text-sm">
      {releases.map((r) => (
        <li key={r.id} className="flex items-center justify-between py-2" data-testid={`release-v${r.version}`}>
          <span>
            <span className="font-semibold">v{r.version}</span> · {r.cases} case(s), {r.options} option(s) · gold: {r.goldRule} ·{' '}
            <LocalTime iso={r.createdAt} />
          </span>
          <a href={`/api/releases/${r.id}/download`} className="font-semibold text-sky-800 hover:underline" download>
            Download v{r.version}
          </a>
        </li>
      ))}
    </ul>
  );
}
