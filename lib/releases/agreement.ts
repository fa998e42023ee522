import { DEFAULT_REPLICATES, DEFAULT_SEED, fleissKappaByCategory, summarizeRatings, type AgreementSummary, type Rating } from '@/lib/agreement';
import { compareIds } from '@/lib/agreement/encode';
import { SCALE_DOMAIN } from '@/lib/ratings/scale';

/**
 * The agreement figures of a release (agreement.json), pure so that the lock and `primum verify`
 * compute them the same way from the same rows. Items are options (`<case>#<option>`), clusters are
 * cases (the bootstrap resamples cases), raters are the release's pseudonyms. The rows are put in a
 * canonical order first: the same ratings always give the same figures, intervals included.
 */

export type ReleaseAgreementRow = { case_id: string; option_id: number; rater_id: string; score: number; specialty: string; category: string };

type GroupFigures = AgreementSummary;

export type ReleaseAgreement = {
  scale: number[];
  bootstrap: { replicates: number; seed: number; level: number; resampled: 'cases' };
  overall: GroupFigures & { fleiss_kappa_by_category: Array<{ category: number; kappa: number | null; reason?: string }> };
  by_specialty: Array<{ specialty: string } & GroupFigures>;
  by_category: Array<{ category: string } & GroupFigures>;
};

export type ReleaseAgreementOptions = { bootstrap?: number; seed?: number };

function canonical(rows: readonly ReleaseAgreementRow[]): ReleaseAgreementRow[] {
  return [...rows].sort((a, b) => compareIds(a.case_id, b.case_id) || a.option_id - b.option_id || compareIds(a.rater_id, b.rater_id));
}

function toRatings(rows: readonly ReleaseAgreementRow[]): Rating[] {
  return rows.map((r) => ({ item: `${r.case_id}#${r.option_id}`, rater: r.rater_id, value: r.score, cluster: r.case_id }));
}

function groupBy(rows: readonly ReleaseAgreementRow[], key: (row: ReleaseAgreementRow) => string): Array<[string, ReleaseAgreementRow[]]> {
  const groups = new Map<string, ReleaseAgreementRow[]>();
  for (const row of rows) {
    const k = key(row);
    const members = groups.get(k);
    if (members) members.push(row);
    else groups.set(k, [row]);
  }
  return [...groups].sort(([a], [b]) => compareIds(a, b));
}

export function releaseAgreement(rows: readonly ReleaseAgreementRow[], options: ReleaseAgreementOptions = {}): ReleaseAgreement {
  const replicates = options.bootstrap ?? DEFAULT_REPLICATES;
  const seed = options.seed ?? DEFAULT_SEED;
  const sorted = canonical(rows);
  const figures = (group: readonly ReleaseAgreementRow[]) => summarizeRatings(toRatings(group), { domain: SCALE_DOMAIN, bootstrap: replicates, seed });
  const ratings = toRatings(sorted);
  return {
    scale: [...SCALE_DOMAIN],
    bootstrap: { replicates, seed, level: 0.95, resampled: 'cases' },
    overall: {
      ...figures(sorted),
      fleiss_kappa_by_category: fleissKappaByCategory(ratings, { domain: SCALE_DOMAIN }).map(({ category, kappa }) => ({
        category,
        kappa: kappa.value,
        ...(kappa.reason ? { reason: kappa.reason } : {}),
      })),
    },
    by_specialty: groupBy(sorted, (r) => r.specialty).map(([specialty, group]) => ({ specialty, ...figures(group) })),
    by_category: groupBy(sorted, (r) => r.category).map(([category, group]) => ({ category, ...figures(group) })),
  };
}
