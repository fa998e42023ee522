import { SCALE, WHO_SEVERITY } from '@/lib/ratings/scale';

const ZONE_STYLE = { harm: 'bg-rose-50 text-rose-900', uncertain: 'bg-slate-100 text-slate-800', appropriate: 'bg-emerald-50 text-emerald-900' } as const;

/**
 * The 1-9 scale with WHO harm severities as guidance: beside the options (severities folded) and
 * in the guidelines dialog (severities open).
 */
export function ScaleLegend({ titleId = 'scale-title', severitiesOpen = false }: { titleId?: string; severitiesOpen?: boolean }) {
  return (
    <section aria-labelledby={titleId} className="rounded-lg bg-white p-5 text-sm shadow-sm ring-1 ring-slate-200">
      <h2 id={titleId} className="mb-2 font-semibold">Rating scale</h2>
      <ol className="space-y-1">
        {SCALE.map((s) => (
          <li key={s.score} className={`flex gap-2 rounded px-2 py-0.5 ${ZONE_STYLE[s.zone]}`}>
            <span className="w-4 font-bold">{s.score}</span>
            <span><span className="font-medium">{s.label}:</span> {s.meaning.toLowerCase()}</span>
          </li>
        ))}
      </ol>
      <details open={severitiesOpen} className="mt-3 text-slate-700">
        <summary className="cursor-pointer font-medium">Harm severity (WHO)</summary>
        <dl className="mt-1 space-y-1">
          {Object.entries(WHO_SEVERITY).map(([level, text]) => (
            <div key={level}><dt className="inline font-medium capitalize">{level}: </dt><dd className="inline">{text}</dd></div>
          ))}
        </dl>
      </details>
    </section>
  );
}
