import { allNoharmFiles } from '@/test/noharm';

export const CASES = 100;
export const OPTIONS = 4249;

/** NOHARM's size from the open cases: 100 cases cycled from the 24 (new ids), padded to 4,249 options. */
export function noharmScaleFiles(): Array<{ name: string; content: string }> {
  const base = allNoharmFiles().map((f) => JSON.parse(f.content));
  const rubrics = Array.from({ length: CASES }, (_, i) => {
    const source = structuredClone(base[i % base.length]);
    source.id = `${source.id.replace(/\d+$/, '')}${500 + i}`;
    return source;
  });
  let total = rubrics.reduce((n, r) => n + r.options.length, 0);
  for (let i = 0; total < OPTIONS; i = (i + 1) % CASES, total += 1) {
    const options = rubrics[i].options;
    const copy = { ...options[total % options.length], id: Math.max(...options.map((o: { id: number }) => o.id)) + 1 };
    delete copy.dependsOn;
    options.push(copy);
  }
  return rubrics.map((r) => ({ name: `${r.id}.json`, content: JSON.stringify(r) }));
}

/** NOHARM's shape, for synthetic rating data: options, cases, raters, specialties, raters per option. */
export const NOHARM_SHAPE = { options: 4249, cases: 100, raters: 29, specialties: 10, panel: 3 };

/**
 * Synthetic case `c` of a NOHARM-shaped study `scale` times larger: its raters (a pool from its
 * specialty, shuffled with `random`; the first `panel` rate it) and its number of options. The
 * agreement benches share it, so their data have the same structure.
 */
export function syntheticCase(c: number, scale: number, random: () => number): { pool: number[]; options: number } {
  const { cases, raters, specialties } = { cases: NOHARM_SHAPE.cases * scale, raters: NOHARM_SHAPE.raters * scale, specialties: NOHARM_SHAPE.specialties * scale };
  const s = c % specialties;
  const first = Math.floor((s * raters) / specialties);
  const poolSize = Math.max(NOHARM_SHAPE.panel, Math.floor(((s + 1) * raters) / specialties) - first);
  const pool = Array.from({ length: poolSize }, (_, i) => (first + i) % raters);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  const options = Math.floor((NOHARM_SHAPE.options * scale) / cases) + (c < (NOHARM_SHAPE.options * scale) % cases ? 1 : 0);
  return { pool, options };
}
