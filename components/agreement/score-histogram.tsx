const WIDTH = 360;
const HEIGHT = 170;
const BAR = 32;
const GAP = 8;
const ZONES = [
  { label: 'harm (1-3)', from: 0, to: 2, color: '#9f1239' },
  { label: 'uncertain (4-6)', from: 3, to: 5, color: '#475569' },
  { label: 'appropriate (7-9)', from: 6, to: 8, color: '#047857' },
];

/** How often each score 1..9 was given; counts are printed above the bars, zones named below. */
export function ScoreHistogram({ counts }: { counts: number[] }) {
  const max = Math.max(1, ...counts);
  const plot = HEIGHT - 50;
  return (
    <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="histogram-title" data-testid="score-histogram">
      <title id="histogram-title">{`Distribution of scores: ${counts.map((c, i) => `${i + 1}: ${c}`).join(', ')}`}</title>
      {counts.map((count, i) => {
        const h = Math.round((count / max) * plot);
        const x = 8 + i * (BAR + GAP);
        const zone = ZONES.find((z) => i >= z.from && i <= z.to)!;
        return (
          <g key={i}>
            <rect x={x} y={15 + plot - h} width={BAR} height={h} fill={zone.color} />
            <text x={x + BAR / 2} y={11 + plot - h} textAnchor="middle" fontSize="11" fill="#0f172a">{count}</text>
            <text x={x + BAR / 2} y={plot + 30} textAnchor="middle" fontSize="12" fontWeight="600" fill="#0f172a">{i + 1}</text>
          </g>
        );
      })}
      {ZONES.map((z) => (
        <text key={z.label} x={8 + ((z.from + z.to + 1) / 2) * (BAR + GAP) - GAP / 2} y={plot + 46} textAnchor="middle" fontSize="11" fill="#334155">{z.label}</text>
      ))}
    </svg>
  );
}
