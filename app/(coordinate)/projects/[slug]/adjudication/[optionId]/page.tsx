import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { AdjudicationForm } from '@/components/adjudication/adjudication-form';
import { OptionThreadView } from '@/components/adjudication/option-thread';
import { GoldLabelView } from '@/components/gold/gold-label-view';
import { requireProjectPage } from '@/lib/projects/access';
import { getAdjudicationScreen } from '@/lib/adjudication/screen';
import { isAppError } from '@/lib/errors';
import { FLAG_LABEL } from '@/lib/ratings/schema';

export const metadata: Metadata = { title: 'Adjudicate an option' };

export default async function AdjudicateOptionPage({ params }: { params: Promise<{ slug: string; optionId: string }> }) {
  const { slug, optionId } = await params;
  const { user, project } = await requireProjectPage(slug);
  const screen = await getAdjudicationScreen({ user, slug, optionId }).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const { queue, gold } = screen;
  return (
    <div className="space-y-5">
      <ProjectNav slug={slug} name={project.name} role={user.role} current="adjudication" />
      <div>
        <Link href={`/projects/${slug}/adjudication`} className="text-sm font-medium text-sky-800 hover:underline">← Queue</Link>
        <h1 className="text-2xl font-bold">
          Case {screen.case.externalId}, option {screen.option.number}
        </h1>
        <p className="text-sm text-slate-600" data-testid="queue-position">
          {screen.case.specialty} · {queue.position !== null ? `${queue.position} of ${queue.total} waiting` : `not waiting (${queue.total} waiting)`}
          {screen.case.locked ? ' · case locked' : ''}
        </p>
      </div>
      <div className="grid gap-5 lg:grid-cols-2">
        <Card title="Case presentation">
          <p className="max-h-96 overflow-y-auto whitespace-pre-line text-sm">{screen.case.presentation}</p>
          <p className="mt-3 text-sm text-slate-700"><span className="font-medium">Specialist recommendations:</span> {screen.case.recommendations}</p>
        </Card>
        <div className="space-y-5">
          <Card title="Option">
            <p className="text-base" data-testid="adjudication-option">{screen.option.text}</p>
            <p className="text-xs text-slate-600">{screen.option.category}</p>
          </Card>
          <Card title="Ratings">
            <table className="w-full text-left text-sm">
              <thead className="text-slate-600">
                <tr><th scope="col" className="py-1 pr-3">Rater</th><th scope="col" className="pr-3">Score</th><th scope="col">Flags and comment</th></tr>
              </thead>
              <tbody>
                {screen.raters.map((r) => (
                  <tr key={r.label} className="border-t border-slate-100 align-top" data-testid="adjudication-rater">
                    <td className="py-1.5 pr-3 font-medium">{r.label}</td>
                    <td className="pr-3 tabular-nums">{r.score ?? '–'}</td>
                    <td>
                      {r.flags.map((f) => (
                        <span key={f} className="mr-1 inline-block rounded bg-amber-100 px-1.5 text-xs text-amber-900">⚑ {FLAG_LABEL[f]}</span>
                      ))}
                      {r.comment ? <blockquote className="border-l-2 border-sky-300 pl-2 text-xs">“{r.comment}”</blockquote> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="mt-3 border-t border-slate-100 pt-2">
              <p className="text-sm">Median {gold.median ?? '–'}{gold.reasons.length > 0 ? '' : ' · no adjudication reason under the project rule'}</p>
              {gold.reasons.length > 0 ? (
                <ul className="list-inside list-disc text-sm text-amber-900" aria-label="Why it needs adjudication" data-testid="adjudication-reasons">
                  {gold.reasons.map((r) => <li key={r.key}>{r.text}</li>)}
                </ul>
              ) : null}
              <div className="mt-2"><GoldLabelView gold={gold} testId="adjudication-gold" hideReasons /></div>
            </div>
          </Card>
          <Card title="Final score">
            <AdjudicationForm
              key={screen.option.id}
              slug={slug}
              optionId={screen.option.id}
              initialScore={gold.adjudication?.score ?? null}
              initialRationale={gold.adjudication?.rationale ?? ''}
              refusal={screen.refusal}
              previousId={queue.previousId}
              nextId={queue.nextId}
            />
          </Card>
        </div>
      </div>
      <Card title="Thread">
        <OptionThreadView optionId={screen.option.id} thread={screen.thread} testId="adjudication-thread" />
      </Card>
    </div>
  );
}
