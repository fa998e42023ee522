import { LocalTime } from '@/components/ui/local-time';
import { formatCoefficient, formatInterval } from '@/lib/format';
import type { ReleaseMeta } from '@/lib/releases/archive/types';

const n = (value: number) => value.toLocaleString('en-US');

/** What a release is, in numbers people read: counts, simulated raters, override, gold rule, agreement (rounded, with n). */
export function ReleaseSummary({ meta, releaseId, createdBy, overrideBy }: { meta: ReleaseMeta; releaseId: string | null; createdBy?: string; overrideBy?: string | null }) {
  const c = meta.counts;
  const overall = meta.agreement.overall;
  return (
    <div className="space-y-4 text-sm">
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">Release id</dt>
        <dd className="break-all font-mono text-xs" data-testid="release-id">{releaseId ?? 'not recorded (locked before release ids existed)'}</dd>
        <dt className="font-semibold">Locked</dt>
        <dd>
          <LocalTime iso={meta.created_at} />
          {createdBy ? ` by ${createdBy}` : ''}
        </dd>
        <dt className="font-semibold">Licence</dt>
        <dd>{meta.license}</dd>
        <dt className="font-semibold">Gold rule</dt>
        <dd>{meta.gold_rule.description}</dd>
        <dt className="font-semibold">Contents</dt>
        <dd data-testid="release-counts">
          {n(c.cases)} cases, {n(c.options)} options, {n(c.ratings)} ratings by {n(c.raters)} raters, {n(c.adjudications)} adjudications; {n(c.options_in_disagreement)} options in RAND/UCLA
          disagreement{c.options_without_gold > 0 ? `, ${n(c.options_without_gold)} without a gold label` : ''}
        </dd>
      </dl>
      {meta.project.is_demo ? (
        <p className="rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sky-900" data-testid="release-demo">
          A demonstration project: its cases are fictional and its data are not a clinical gold standard.
        </p>
      ) : null}
      {c.simulated_ratings > 0 ? (
        <p className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900" data-testid="release-simulated">
          {n(c.simulated_raters)} of {n(c.raters)} raters are simulated ({n(c.simulated_ratings)} of {n(c.ratings)} ratings). They are marked in the ratings files; gold labels that rest on them are not physicians&apos; judgement.
        </p>
      ) : (
        <p className="text-slate-700" data-testid="release-simulated">No simulated raters: every rating is a physician&apos;s.</p>
      )}
      {meta.override ? (
        <div className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900" data-testid="release-override">
          <p className="font-semibold">Locked by override{overrideBy ? ` (given by ${overrideBy})` : ''}: {meta.override.cases.length > 0 ? meta.override.cases.join(', ') : 'no case needed it'}</p>
          <p className="whitespace-pre-line">{meta.override.reason}</p>
        </div>
      ) : null}
      <div>
        <h3 className="font-semibold">Agreement</h3>
        <p data-testid="release-alpha">
          Krippendorff&apos;s alpha (ordinal) {formatCoefficient(overall.alpha.ordinal)}
          {overall.ci ? ` (95% CI ${formatInterval(overall.ci.alpha.ordinal)})` : ''}; n = {n(overall.items)} options, {n(overall.raters)} raters;{' '}
          {meta.agreement.bootstrap.replicates > 0 ? `${n(meta.agreement.bootstrap.replicates)} case resamples, seed ${meta.agreement.bootstrap.seed}` : 'no bootstrap'}.
        </p>
        <table className="mt-2 w-full max-w-2xl text-left">
          <caption className="sr-only">Agreement per specialty</caption>
          <thead className="text-xs uppercase text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-3">Specialty</th>
              <th scope="col" className="py-1 pr-3 text-right">Options</th>
              <th scope="col" className="py-1 pr-3 text-right">Raters</th>
              <th scope="col" className="py-1 pr-3 text-right">Alpha (ordinal)</th>
              <th scope="col" className="py-1">95% CI</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {meta.agreement.by_specialty.map((s) => (
              <tr key={s.specialty}>
                <td className="py-1 pr-3">{s.specialty}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{n(s.items)}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{n(s.raters)}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatCoefficient(s.alpha.ordinal)}</td>
                <td className="py-1 tabular-nums">{formatInterval(s.ci?.alpha.ordinal)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The archive's files with sizes and SHA-256 (as recorded at lock). */
export function ReleaseFiles({ files }: { files: Array<{ path: string; size: number; sha256: string }> }) {
  if (files.length === 0) return <p className="text-sm text-slate-600">This release was locked before file hashes were recorded; its download still lists them in MANIFEST.sha256.</p>;
  const shown = files.filter((f) => !f.path.startsWith('rubrics/'));
  const rubrics = files.filter((f) => f.path.startsWith('rubrics/'));
  return (
    <table className="w-full text-left text-sm" data-testid="release-files">
      <thead className="text-xs uppercase text-slate-600">
        <tr>
          <th scope="col" className="py-1 pr-3">File</th>
          <th scope="col" className="py-1 pr-3 text-right">Bytes</th>
          <th scope="col" className="py-1">SHA-256</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {shown.map((f) => (
          <tr key={f.path}>
            <td className="py-1 pr-3 font-mono text-xs">{f.path}</td>
            <td className="py-1 pr-3 text-right tabular-nums">{n(f.size)}</td>
            <td className="py-1 font-mono text-xs" title={f.sha256}>{f.sha256.slice(0, 16)}…</td>
          </tr>
        ))}
        {rubrics.length > 0 ? (
          <tr>
            <td className="py-1 pr-3 font-mono text-xs">rubrics/ ({n(rubrics.length)} files, one per case)</td>
            <td className="py-1 pr-3 text-right tabular-nums">{n(rubrics.reduce((sum, f) => sum + f.size, 0))}</td>
            <td className="py-1 text-xs text-slate-600">listed in MANIFEST.sha256</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
