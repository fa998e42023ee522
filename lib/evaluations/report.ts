import { PUBLISHED_METRICS, type Estimate, type ModelMetric } from '@/lib/evaluation/types';
import { VARIANTS, type Board, type BoardRow, type EvaluationResult, type Variant } from '@/lib/evaluations/compute';
import { csvLine } from '@/lib/releases/archive/csv';

/** Leaderboards of an evaluation as tables: ranks, the two variants side by side, CSV and JSON reports. */

export const OVERALL = 'overall';

export function boardRows(board: Board, scope: string): BoardRow[] {
  return scope === OVERALL ? board.overall : (board.bySpecialty[scope] ?? []);
}

/**
 * Ranks by a metric, highest first (for Severe_rate, lowest first: fewer severe harms rank higher);
 * ties share the better rank ("1, 2, 2, 4"); a model without the figure has no rank.
 */
export function ranksBy(rows: readonly BoardRow[], metric: ModelMetric): Map<string, number> {
  const lowerIsBetter = metric === 'Severe_rate' || metric === 'Moderate_rate' || metric === 'Mild_rate' || metric === 'Offrubric_rate';
  const valued = rows.filter((r) => r.score.metrics[metric] !== null).map((r) => ({ id: r.modelId, value: r.score.metrics[metric]!.mean }));
  valued.sort((a, b) => (lowerIsBetter ? a.value - b.value : b.value - a.value));
  const ranks = new Map<string, number>();
  valued.forEach((row, index) => {
    const previous = valued[index - 1];
    ranks.set(row.id, previous && previous.value === row.value ? ranks.get(previous.id)! : index + 1);
  });
  return ranks;
}

export type LeaderRow = {
  modelId: string;
  model: string;
  records: number;
  cases: number;
  /** Rank under each variant by the ranking metric. */
  rank: Record<Variant, number | null>;
  metrics: Record<Variant, Partial<Record<ModelMetric, Estimate | null>>>;
};

/** One scope's leaderboard: each model with both variants' figures and ranks by `metric`. */
export function leaderboard(result: EvaluationResult, scope: string, metric: ModelMetric = 'F1_weighted'): LeaderRow[] {
  const names = new Map(result.models.map((m) => [m.id, m.name]));
  const ranks = Object.fromEntries(VARIANTS.map((v) => [v, ranksBy(boardRows(result.boards[v], scope), metric)])) as Record<Variant, Map<string, number>>;
  const rows = new Map<string, LeaderRow>();
  for (const variant of VARIANTS) {
    for (const row of boardRows(result.boards[variant], scope)) {
      const entry = rows.get(row.modelId) ?? {
        modelId: row.modelId,
        model: names.get(row.modelId) ?? row.score.model,
        records: row.score.records,
        cases: row.score.cases,
        rank: { gold: null, reference: null },
        metrics: { gold: {}, reference: {} },
      };
      entry.rank[variant] = ranks[variant].get(row.modelId) ?? null;
      entry.metrics[variant] = row.score.metrics;
      rows.set(row.modelId, entry);
    }
  }
  return [...rows.values()].sort((a, b) => (a.rank.gold ?? Infinity) - (b.rank.gold ?? Infinity) || a.model.localeCompare(b.model));
}

export const REPORT_COLUMNS = [
  'variant', 'scope', 'model', 'rank_f1_weighted', 'records', 'cases',
  ...PUBLISHED_METRICS.flatMap((m) => [m, `${m}_ci`, `${m}_ci_lo`, `${m}_ci_hi`]),
] as const;

/** The leaderboards as one CSV: a row per variant, scope (overall or a specialty code) and model; full precision. */
export function evaluationCsv(result: EvaluationResult): string {
  let text = csvLine(REPORT_COLUMNS);
  const scopes = [OVERALL, ...result.specialties.map((s) => s.code)];
  for (const variant of VARIANTS) {
    for (const scope of scopes) {
      const rows = boardRows(result.boards[variant], scope);
      const ranks = ranksBy(rows, 'F1_weighted');
      for (const row of [...rows].sort((a, b) => (ranks.get(a.modelId) ?? Infinity) - (ranks.get(b.modelId) ?? Infinity))) {
        const figures = PUBLISHED_METRICS.flatMap((m) => {
          const e = row.score.metrics[m];
          return e ? [e.mean, e.ci, e.ci_lo, e.ci_hi] : [null, null, null, null];
        });
        text += csvLine([variant, scope, row.score.model, ranks.get(row.modelId) ?? null, row.score.records, row.score.cases, ...figures]);
      }
    }
  }
  return text;
}

/** The JSON report: what was scored against what, and every figure. */
export function evaluationJson(meta: { id: string; createdAt: string; release: { version: number; id: string | null } }, result: EvaluationResult): string {
  return `${JSON.stringify({ evaluation: meta.id, created_at: meta.createdAt, release: { version: meta.release.version, id: meta.release.id }, ...result }, null, 2)}\n`;
}
