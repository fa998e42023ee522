import type { RaterLabel } from '@/lib/agreement-view/service';

const CELL = 46;
const AXIS = 36;

/** Light (low kappa) to dark (high kappa) blue; the value is also printed in every cell. */
function fill(value: number): string {
  const t = Math.max(0, Math.min(1, (value + 0.2) / 1.2));
  return `hsl(205 70% ${92 - t * 62}%)`;
}

/** The rater x rater quadratic-weighted Cohen's kappa matrix as an SVG heat map. */
export function KappaHeatmap({ matrix, labels }: { matrix: { raters: string[]; values: (number | null)[][] }; labels: Record<string, RaterLabel> }) {
  const n = matrix.raters.length;
  if (n < 2) return <p className="text-sm text-slate-600">Needs at least two raters who share options.</p>;
  const size = AXIS + n * CELL;
  return (
    <figure className="space-y-2">
      <div className="overflow-x-auto">
        <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-labelledby="heatmap-title" data-testid="kappa-heatmap">
          <title id="heatmap-title">Quadratic-weighted Cohen&apos;s kappa between every pair of raters</title>
          <defs>
            <pattern id="no-pair" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line x1="0" y1="0" x2="0" y2="6" stroke="#cbd5e1" strokeWidth="2" />
            </pattern>
          </defs>
          {matrix.raters.map((_, i) => (
            <g key={i}>
              <text x={AXIS + i * CELL + CELL / 2} y={AXIS - 10} textAnchor="middle" fontSize="12" fill="#334155">R{i + 1}</text>
              <text x={AXIS - 8} y={AXIS + i * CELL + CELL / 2 + 4} textAnchor="end" fontSize="12" fill="#334155">R{i + 1}</text>
            </g>
          ))}
          {matrix.values.map((row, i) =>
            row.map((value, j) => {
              const x = AXIS + j * CELL;
              const y = AXIS + i * CELL;
              const label = i === j ? '' : value === null ? '–' : value.toFixed(2);
              const dark = value !== null && value > 0.45;
              return (
                <g key={`${i}-${j}`}>
                  <rect x={x} y={y} width={CELL - 2} height={CELL - 2} fill={i === j ? '#f1f5f9' : value === null ? 'url(#no-pair)' : fill(value)} rx="3">
                    <title>{`R${i + 1} × R${j + 1}: ${i === j ? 'same rater' : value === null ? 'no shared options or undefined' : value.toFixed(3)}`}</title>
                  </rect>
                  <text x={x + (CELL - 2) / 2} y={y + CELL / 2 + 3} textAnchor="middle" fontSize="12" fill={dark ? '#ffffff' : '#0f172a'}>{label}</text>
                </g>
              );
            }),
          )}
        </svg>
      </div>
      <figcaption className="text-xs text-slate-600">
        <ol className="grid grid-cols-2 gap-x-4 sm:grid-cols-3">
          {matrix.raters.map((id, i) => (
            <li key={id}>R{i + 1}: {labels[id]?.name ?? 'Unknown rater'}{labels[id]?.isSimulated ? ' (simulated)' : ''}</li>
          ))}
        </ol>
        Darker cells agree more; hatched cells: the pair shares no option (or kappa is undefined).
      </figcaption>
    </figure>
  );
}
