import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { CaseTable, RecordView } from '@/components/evaluations/model-records';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { VARIANT_LABELS, VARIANTS, type Variant } from '@/lib/evaluations/compute';
import { getModelDetail } from '@/lib/evaluations/queries';
import { requireProjectPage } from '@/lib/projects/access';

export const metadata: Metadata = { title: 'Model' };

type Search = { variant?: string; case?: string; record?: string };

export default async function ModelPage({ params, searchParams }: { params: Promise<{ slug: string; evaluationId: string; modelId: string }>; searchParams: Promise<Search> }) {
  const [{ slug, evaluationId, modelId }, search] = await Promise.all([params, searchParams]);
  const { user, project } = await requireProjectPage(slug, COORDINATING_ROLES);
  const variant: Variant = (VARIANTS as readonly string[]).includes(search.variant ?? '') ? (search.variant as Variant) : 'gold';
  const detail = await getModelDetail(user, { evaluationId, modelId, variant }).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  if (detail.evaluation.projectId !== project.id) notFound();
  const base = `/projects/${project.slug}/evaluations/${evaluationId}/models/${modelId}`;
  const selectedCase = detail.cases.find((c) => c.caseId === search.case) ?? detail.cases[0];
  const record = selectedCase?.records.find((r) => `${r.recordId}:${r.trial}` === search.record) ?? selectedCase?.records[0];
  const link = (changes: Partial<Search>) => {
    const query = new URLSearchParams({ variant, ...(selectedCase ? { case: selectedCase.caseId } : {}), ...(record ? { record: `${record.recordId}:${record.trial}` } : {}), ...changes });
    return `${base}?${query.toString()}`;
  };
  return (
    <div className="space-y-6">
      <ProjectNav slug={project.slug} name={project.name} role={user.role} current="evaluations" />
      <div className="space-y-1">
        <p className="text-sm">
          <Link href={`/projects/${project.slug}/evaluations`} className="text-sky-800 hover:underline">Evaluations</Link> /{' '}
          <Link href={`/projects/${project.slug}/evaluations/${evaluationId}`} className="text-sky-800 hover:underline">against v{detail.evaluation.release.version}</Link>
        </p>
        <h1 className="text-2xl font-bold">{detail.model.name}</h1>
        <nav aria-label="Scores" className="flex gap-3 text-sm">
          {VARIANTS.map((v) => (
            <Link key={v} href={link({ variant: v })} aria-current={v === variant ? 'page' : undefined} className={v === variant ? 'font-bold text-slate-900' : 'text-sky-800 hover:underline'}>
              Under {VARIANT_LABELS[v]}
            </Link>
          ))}
        </nav>
      </div>
      {detail.cases.length === 0 ? (
        <Card><p className="text-sm text-slate-600">This model has no records of the release&apos;s cases.</p></Card>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
          <Card title="Cases">
            <CaseTable cases={detail.cases} selected={selectedCase?.caseId ?? null} hrefOf={(caseId) => link({ case: caseId, record: '' })} />
          </Card>
          {selectedCase && record ? (
            <Card title={`${selectedCase.caseId} (${selectedCase.specialty})`}>
              <nav aria-label="Variants of the case" className="mb-3 flex flex-wrap gap-1 text-sm">
                {selectedCase.records.map((r) => {
                  const key = `${r.recordId}:${r.trial}`;
                  const current = key === `${record.recordId}:${record.trial}`;
                  return (
                    <Link key={key} href={link({ record: key })} aria-current={current ? 'page' : undefined} className={`rounded px-2 py-0.5 ring-1 ${current ? 'bg-sky-800 text-white ring-sky-800' : 'ring-slate-300 hover:bg-slate-100'}`}>
                      {r.recordId}{r.trial !== 0 ? ` #${r.trial}` : ''}
                    </Link>
                  );
                })}
              </nav>
              <RecordView record={record} variant={variant} />
            </Card>
          ) : null}
        </div>
      )}
    </div>
  );
}
