import type { AgreementSnapshot } from '@/lib/agreement-view/snapshot';
import { Coefficient } from '@/components/agreement/coefficient';
import { formatInterval } from '@/lib/format';

type Overall = AgreementSnapshot['overall'];

const ROWS: Array<{ label: string; help: string; value: (o: Overall) => number | null; ci: (c: NonNullable<Overall['ci']>) => { lower: number; upper: number } | null; note: string }> = [
  { label: "Krippendorff's alpha, ordinal", help: 'the primary figure: 1-9 as ranks', value: (o) => o.alpha.ordinal, ci: (c) => c.alpha.ordinal, note: 'alpha.ordinal' },
  { label: "Krippendorff's alpha, interval", help: '1-9 as equally spaced', value: (o) => o.alpha.interval, ci: (c) => c.alpha.interval, note: 'alpha.interval' },
  { label: "Krippendorff's alpha, nominal", help: 'exact score matches only', value: (o) => o.alpha.nominal, ci: (c) => c.alpha.nominal, note: 'alpha.nominal' },
  { label: "Krippendorff's alpha over zones", help: 'harm 1-3 / uncertain 4-6 / appropriate 7-9', value: (o) => o.alpha_zones, ci: (c) => c.alpha_zones, note: 'alpha_zones' },
  { label: "Fleiss' kappa", help: 'varying raters per option', value: (o) => o.fleiss_kappa, ci: (c) => c.fleiss_kappa, note: 'fleiss_kappa' },
  { label: "Gwet's AC1", help: 'stable when one category dominates', value: (o) => o.gwet_ac1, ci: (c) => c.gwet_ac1, note: 'gwet_ac1' },
  { label: "Gwet's AC2, quadratic", help: 'partial credit for near scores', value: (o) => o.gwet_ac2.quadratic, ci: (c) => c.gwet_ac2.quadratic, note: 'gwet_ac2.quadratic' },
  { label: "Gwet's AC2, linear", help: '', value: (o) => o.gwet_ac2.linear, ci: (c) => c.gwet_ac2.linear, note: 'gwet_ac2.linear' },
  { label: 'Percent agreement', help: 'irrCAC definition', value: (o) => o.percent_agreement, ci: (c) => c.percent_agreement, note: 'percent_agreement' },
];

export function CoefficientTable({ overall }: { overall: Overall }) {
  const ci = overall.ci;
  return (
    <table className="w-full text-left text-sm" data-testid="overall-coefficients">
      <caption className="mb-2 text-left text-xs text-slate-600">
        {overall.items} option(s) with ratings, {overall.ratings} rating(s) by {overall.raters} rater(s).{' '}
        {ci ? `95% percentile bootstrap intervals, ${ci.replicates} resamples of ${ci.resampled === 'clusters' ? 'cases' : 'options'} (seed ${ci.seed}).` : 'No intervals yet.'}
      </caption>
      <thead className="text-slate-600">
        <tr><th className="py-1 pr-3">Coefficient</th><th className="px-2">Value</th><th className="px-2">n options</th><th className="px-2">95% interval</th></tr>
      </thead>
      <tbody>
        {ROWS.map((row) => (
          <tr key={row.label} className="border-t border-slate-100">
            <th scope="row" className="py-1 pr-3 font-medium">
              {row.label}
              {row.help ? <span className="block text-xs font-normal text-slate-600">{row.help}</span> : null}
            </th>
            <td className="px-2 tabular-nums"><Coefficient value={row.value(overall)} interval={ci ? row.ci(ci) : null} n={overall.items} title={overall.notes[row.note]} /></td>
            <td className="px-2 tabular-nums">{overall.items}</td>
            <td className="whitespace-nowrap px-2 tabular-nums">{ci ? formatInterval(row.ci(ci)) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
