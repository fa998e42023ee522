/**
 * A plain SVG bar chart: every bar carries its number, labels sit under the bars, and the same
 * figures are available as a table (for screen readers and for copying). Readable without colour.
 */
export function BarChart({
  title,
  data,
  unit,
  testId,
}: {
  title: string;
  data: Array<{ label: string; shortLabel?: string; value: number }>;
  unit: string;
  testId?: string;
}) {
  if (data.length === 0) return <p className="text-sm text-slate-600">No data yet.</p>;
  const max = Math.max(1, ...data.map((d) => d.value));
  const barWidth = 28;
  const gap = 8;
  const chartHeight = 120;
  const top = 18;
  const bottom = 34;
  const width = data.length * (barWidth + gap) + gap;
  const height = top + chartHeight + bottom;
  const summary = `${title}: ${data.map((d) => `${d.label} ${d.value}`).join(', ')}`;
  return (
    <figure className="space-y-2" data-testid={testId}>
      <div className="overflow-x-auto">
        <svg role="img" aria-label={summary} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="text-slate-800">
          <line x1={0} x2={width} y1={top + chartHeight} y2={top + chartHeight} stroke="currentColor" strokeWidth={1} />
          {data.map((d, i) => {
            const h = Math.round((d.value / max) * chartHeight);
            const x = gap + i * (barWidth + gap);
            const y = top + chartHeight - h;
            return (
              <g key={d.label} data-testid={testId ? `${testId}-bar` : undefined} data-value={d.value}>
                <title>{`${d.label}: ${d.value} ${unit}`}</title>
                <rect x={x} y={y} width={barWidth} height={Math.max(h, d.value > 0 ? 1 : 0)} className="fill-sky-700" stroke="currentColor" strokeWidth={0.5} />
                <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" fontSize={11} fill="currentColor">{d.value}</text>
                <text x={x + barWidth / 2} y={top + chartHeight + 14} textAnchor="middle" fontSize={10} fill="currentColor">{d.shortLabel ?? d.label}</text>
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption className="text-xs text-slate-600">{title}</figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer text-sky-800">Show as a table</summary>
        <table className="mt-2 text-left text-sm">
          <thead><tr><th scope="col" className="pr-6">Day</th><th scope="col" className="text-right">{unit}</th></tr></thead>
          <tbody>
            {data.map((d) => <tr key={d.label}><td className="pr-6 whitespace-nowrap">{d.label}</td><td className="text-right tabular-nums">{d.value}</td></tr>)}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
