import type { QualitySignals } from '@/lib/quality/service';

function Simulated() {
  return <span className="ml-1 rounded bg-violet-100 px-1 text-xs text-violet-900">simulated</span>;
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

/** Quality signals, each with the evidence and the rule that raised it. */
export function QualityPanel({ quality, stalledCount }: { quality: QualitySignals; stalledCount: number }) {
  const { fast, deviation, straightLining } = quality;
  return (
    <div className="space-y-5 text-sm" data-testid="quality">
      <section aria-labelledby="q-fast" className="space-y-1">
        <h3 id="q-fast" className="font-semibold">Options rated in under {fast.thresholdMs / 1000} s of active time</h3>
        <p className="text-slate-600">Counted from the rating screen&apos;s saves (time the option was in focus before its score was saved; unmeasured saves left out).</p>
        {fast.raters.length === 0 ? (
          <p data-testid="fast-none">None.</p>
        ) : (
          <ul className="list-disc pl-5" data-testid="fast-list">
            {fast.raters.map((r) => (
              <li key={r.userId}>
                {r.name}{r.isSimulated ? <Simulated /> : null}: {r.fast} of {r.timed} timed options ({pct(r.share)}), e.g.{' '}
                {r.examples.map((e) => `${e.label} in ${(e.activeMs / 1000).toFixed(1)} s`).join('; ')}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="q-dev" className="space-y-1">
        <h3 id="q-dev" className="font-semibold">Distance from co-raters</h3>
        <p className="text-slate-600">
          Per physician: the mean absolute difference between their score and the median of the other raters of the same option, over the options at least {deviation.minOthers === 1 ? 'one other physician' : `${deviation.minOthers} other physicians`} rated (the same figure as on each person's page).
          {deviation.study
            ? ` Across the study's ${deviation.study.physicians} physicians with ${deviation.minOptions}+ such options: median ${deviation.study.median.toFixed(2)}, 90th percentile ${deviation.study.p90.toFixed(2)} points.`
            : ` The study's distribution appears once physicians have ${deviation.minOptions}+ such options.`}{' '}
          Flagged: {deviation.threshold.toFixed(1)} points or more, over {deviation.minOptions}+ options, and at or above the 90th percentile.
        </p>
        {deviation.raters.length === 0 ? (
          <p>No option has enough ratings yet.</p>
        ) : (
          <table className="text-left" data-testid="deviation-table">
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="whitespace-nowrap pr-6">Physician</th>
                <th scope="col" className="whitespace-nowrap pr-6 text-right">Mean distance</th>
                <th scope="col" className="whitespace-nowrap pr-6 text-right">Options</th>
                <th scope="col" className="whitespace-nowrap">Signal</th>
              </tr>
            </thead>
            <tbody>
              {deviation.raters.map((r) => (
                <tr key={r.userId} className="border-t border-slate-100">
                  <td className="pr-6">{r.name}{r.isSimulated ? <Simulated /> : null}</td>
                  <td className="pr-6 text-right tabular-nums">{r.mad.toFixed(2)}</td>
                  <td className="pr-6 text-right tabular-nums">{r.n}</td>
                  <td>{r.flagged ? <strong className="text-rose-800">⚑ far from co-raters</strong> : r.n < deviation.minOptions ? <span className="text-slate-500">too few options</span> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="q-straight" className="space-y-1">
        <h3 id="q-straight" className="font-semibold">Straight-lining</h3>
        <p className="text-slate-600">A completed case where one score covers {pct(straightLining.share)} or more of the options (cases of {straightLining.minOptions}+ options).</p>
        {straightLining.cases.length === 0 ? (
          <p data-testid="straight-none">None.</p>
        ) : (
          <ul className="list-disc pl-5" data-testid="straight-list">
            {straightLining.cases.map((c) => (
              <li key={`${c.caseExternalId}:${c.userId}`}>
                {c.name}{c.isSimulated ? <Simulated /> : null}: {c.caseExternalId}, score {c.score} on {c.count} of {c.options} options ({pct(c.share)})
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="q-stalled" className="space-y-1">
        <h3 id="q-stalled" className="font-semibold">Stalled work</h3>
        <p>{stalledCount === 0 ? 'None.' : `${stalledCount} stalled assignment${stalledCount === 1 ? '' : 's'}: see "Stalled assignments".`}</p>
      </section>
    </div>
  );
}
