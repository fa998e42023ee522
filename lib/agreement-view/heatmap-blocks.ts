export type KappaMatrix = { raters: string[]; values: (number | null)[][] };
export type HeatmapBlock = { specialty: string; raters: string[]; /** Positions in the full matrix (R numbers are these + 1). */ index: number[]; values: (number | null)[][] };

/**
 * The rater x rater matrix cut into one block per specialty: raters only share options within a
 * specialty, so the full matrix is mostly empty. Each block holds the raters who rated in that
 * specialty, in the full matrix's order; a specialty with fewer than two raters has no block.
 */
export function heatmapBlocks(matrix: KappaMatrix, specialtiesOf: Record<string, readonly string[]>): HeatmapBlock[] {
  const specialties = [...new Set(matrix.raters.flatMap((r) => specialtiesOf[r] ?? []))].sort();
  const blocks: HeatmapBlock[] = [];
  for (const specialty of specialties) {
    const index = matrix.raters.flatMap((r, i) => ((specialtiesOf[r] ?? []).includes(specialty) ? [i] : []));
    if (index.length < 2) continue;
    blocks.push({ specialty, raters: index.map((i) => matrix.raters[i]), index, values: index.map((i) => index.map((j) => matrix.values[i][j])) });
  }
  return blocks;
}
