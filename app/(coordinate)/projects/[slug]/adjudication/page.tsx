import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { QueueFilters } from '@/components/adjudication/queue-filters';
import { LocalTime } from '@/components/ui/local-time';
import { requireProjectPage } from '@/lib/projects/access';
import { getAdjudicationQueue, type QueueStatus } from '@/lib/adjudication/queue';

export const metadata: Metadata = { title: 'Adjudication' };

type Search = { status?: string; specialty?: string; case?: string; done?: string };

export default async function AdjudicationQueuePage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const { user, project } = await requireProjectPage(slug);
  const status: QueueStatus = search.status === 'adjudicated' ? 'adjudicated' : 'pending';
  const queue = await getAdjudicationQueue({ user, slug, status, specialty: search.specialty || undefined, caseExternalId: search.case || undefined });
  const base = `/projects/${slug}/adjudication`;
  const tab = (s: QueueStatus, label: string) => (
    <Link
      href={`${base}${s === 'adjudicated' ? '?status=adjudicated' : ''}`}
      aria-current={status === s ? 'page' : undefined}
      className={`rounded-md px-3 py-1 text-sm font-medium ${status === s ? 'bg-sky-800 text-white' : 'bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100'}`}
    >
      {label} ({queue.counts[s]})
    </Link>
  );
  return (
    <div className="space-y-5">
      <ProjectNav slug={slug} name={project.name} role={user.role} current="adjudication" />
      <div>
        <h1 className="text-2xl font-bold">Adjudication</h1>
        <p className="text-sm text-slate-600">
          Options that need a final score under the project&apos;s <Link href={`/projects/${slug}/gold`} className="text-sky-800 hover:underline">gold rule</Link>, widest spread of ratings first.
          {search.done ? ' The queue is done for now.' : ''}
        </p>
      </div>
      <nav aria-label="Queue" className="flex gap-2">{tab('pending', 'Waiting')}{tab('adjudicated', 'Adjudicated')}</nav>
      <QueueFilters status={status} specialties={queue.specialties} cases={queue.cases} specialty={search.specialty ?? ''} caseId={search.case ?? ''} />
      <Card title={status === 'pending' ? 'Waiting for a final score' : 'Adjudicated'}>
        {queue.items.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="queue-empty">{status === 'pending' ? 'No option waits for adjudication.' : 'No option has been adjudicated yet.'}</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="adjudication-queue">
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-2">#</th><th scope="col" className="pr-2">Case</th><th scope="col" className="pr-2">Option</th>
                <th scope="col" className="pr-2">Ratings</th><th scope="col" className="pr-2">Spread</th><th scope="col" className="pr-2">Median</th>
                <th scope="col">{status === 'pending' ? 'Why' : 'Final score'}</th>
              </tr>
            </thead>
            <tbody>
              {queue.items.map((item, i) => (
                <tr key={item.optionId} className="border-t border-slate-100 align-top" data-testid="queue-item">
                  <td className="py-1.5 pr-2 tabular-nums">{i + 1}</td>
                  <td className="pr-2 whitespace-nowrap">{item.caseExternalId}<span className="block text-xs text-slate-600">{item.specialty}</span></td>
                  <td className="pr-2">
                    <Link href={`${base}/${item.optionId}`} className="font-medium text-sky-800 hover:underline">{item.number}. {item.text}</Link>
                  </td>
                  <td className="pr-2 tabular-nums whitespace-nowrap">{item.scores.join(' · ')}</td>
                  <td className="pr-2 tabular-nums">{item.spread}</td>
                  <td className="pr-2 tabular-nums">{item.median ?? '–'}</td>
                  <td className="text-xs">
                    {status === 'pending' ? (
                      <ul>{item.reasons.map((r) => <li key={r.key}>{r.text}</li>)}</ul>
                    ) : item.adjudication ? (
                      <span><span className="text-sm font-semibold">{item.adjudication.score}</span> by {item.adjudication.adjudicator}, <LocalTime iso={item.adjudication.at} /></span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
