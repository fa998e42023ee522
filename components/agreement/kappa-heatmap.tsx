import type { RaterLabel } from '@/lib/agreement-view/service';
import { heatmapBlocks, type HeatmapBlock, type KappaMatrix } from '@/lib/agreement-view/heatmap-blocks';

const CELL = 46;
const AXIS = 40;

/** Light (low kappa) to dark (high kappa) blue; the value is also printed in every cell. */
function fill(value: number): string {
  const t = Math.max(0, Math.min(1, (value + 0.2) / 1.2));
  return `hsl(205 70% ${92 - t * 62}%)`;
}

function Block({ block, labels, title }: { block: HeatmapBlock; labels: Record<string, RaterLabel>; title: string }) {
  const n = block.raters.length;
  const size = AXIS + n * CELL;
  const r = (k: number) => `R${block.index[k] + 1}`;
  const titleId = `heatmap-${block.specialty}`;
  return (
    <figure className="space-y-2" data-testid={`kappa-heatmap-${block.specialty}`}>
      {/* Scales down to the card's width instead of being cut off at its edge. */}
      <svg viewBox={`0 0 ${size} ${size}`} width="100%" style={{ maxWidth: size }} className="h-auto" role="img" aria-labelledby={titleId}>
        <title id={titleId}>{title}</title>
        <defs>
          <pattern id={`no-pair-${block.specialty}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" stroke="#cbd5e1" strokeWidth="2" />
          </pattern>
        </defs>
        {block.raters.map((_, i) => (
          <g key={i}>
            <text x={AXIS + i * CELL + CELL / 2} y={AXIS - 10} textAnchor="middle" fontSize="12" fill="#334155">{r(i)}</text>
            <text x={AXIS - 8} y={AXIS + i * CELL + CELL / 2 + 4} textAnchor="end" fontSize="12" fill="#334155">{r(i)}</text>
          </g>
        ))}
        {block.values.map((row, i) =>
          row.map((value, j) => {
            const x = AXIS + j * CELL;
            const y = AXIS + i * CELL;
            const label = i === j ? '' : value === null ? '–' : value.toFixed(2);
            const dark = value !== null && value > 0.45;
            return (
              <g key={`${i}-${j}`}>
                <rect x={x} y={y} width={CELL - 2} height={CELL - 2} fill={i === j ? '#f1f5f9' : value === null ? `url(#no-pair-${block.specialty})` : fill(value)} rx="3">
                  <title>{`${r(i)} × ${r(j)}: ${i === j ? 'same rater' : value === null ? 'no shared options or undefined' : value.toFixed(3)}`}</title>
                </rect>
                <text x={x + (CELL - 2) / 2} y={y + CELL / 2 + 3} textAnchor="middle" fontSize="12" fill={dark ? '#ffffff' : '#0f172a'}>{label}</text>
              </g>
            );
          }),
        )}
      </svg>
      <figcaption className="text-xs text-slate-600">
        <ol className="grid grid-cols-2 gap-x-4 sm:grid-cols-3">
          {block.raters.map((id, i) => (
            <li key={id}>{r(i)}: {labels[id]?.name ?? 'Unknown rater'}{labels[id]?.isSimulated ? ' (simulated)' : ''}</li>
          ))}
        </ol>
      </figcaption>
    </figure>
  );
}

/**
 * The rater x rater quadratic-weighted Cohen's kappa as SVG heat maps, one per specialty: raters
 * only share options within a specialty, so one matrix over everyone is mostly empty.
 */
export function KappaHeatmap({ matrix, labels, specialtiesOf, specialtyNames }: { matrix: KappaMatrix; labels: Record<string, RaterLabel>; specialtiesOf: Record<string, string[]>; specialtyNames: Record<string, string> }) {
  const blocks = heatmapBlocks(matrix, specialtiesOf);
  if (blocks.length === 0) return <p className="text-sm text-slate-600">Needs at least two raters of one specialty who share options.</p>;
  return (
    <div className="space-y-4" data-testid="kappa-heatmap">
      <div className="grid gap-6 md:grid-cols-2">
        {blocks.map((block) => {
          const name = specialtyNames[block.specialty] ?? block.specialty;
          return (
            <section key={block.specialty} aria-label={name}>
              <h3 className="mb-1 text-sm font-semibold">{name} <span className="font-normal text-slate-600">({block.raters.length} raters)</span></h3>
              <Block block={block} labels={labels} title={`Quadratic-weighted Cohen's kappa between the ${name} raters`} />
            </section>
          );
        })}
      </div>
      <p className="text-xs text-slate-600">Darker cells agree more, and every cell prints its kappa; hatched cells: the pair shares no option (or kappa is undefined). R numbers are the same in every map.</p>
    </div>
  );
}
