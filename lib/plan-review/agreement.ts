import { cohenKappa } from '@/lib/agreement/cohen';
import type { JudgedRecord } from '@/lib/evaluation/types';
import { consensusOf, judgeVerdictOf, VERDICTS, type Verdict } from './verdicts';

/**
 * Agreement figures of the human review (pure). Items are (review, option) pairs. Between
 * physicians: Cohen's kappa (unweighted, 3 categories) of every physician pair over the items both
 * judged, averaged over the pairs where it is defined, and Fleiss' kappa over items with at least two
 * verdicts (Fleiss 1971, with the number of raters allowed to vary per item). AI judge vs the
 * physicians' consensus: Cohen's kappa and the 3 x 3 confusion table (rows judge, columns
 * physicians), overall, by option category and by severity of the option's score.
 */

export type ReviewedOption = { id: number; text: string; category: string; score: number | null };
export type ReviewedPlan = {
  reviewId: string;
  caseId: string;
  record: JudgedRecord;
  options: readonly ReviewedOption[];
  /** Submitted physicians' verdicts: userId -> option id -> verdict. */
  verdicts: ReadonlyMap<string, ReadonlyMap<number, Verdict>>;
};

export type Kappa = { kappa: number | null; n: number; agreement: number | null };
export type Confusion = Kappa & { table: number[][] };
export type Breakdown = { key: string; label: string } & Confusion;
export type JudgeError = { caseId: string; optionId: number; text: string; category: string; n: number; disagreements: number; judgeSaid: Record<Verdict, number>; humansSaid: Record<Verdict, number> };
export type PhysicianAgreement = { pairs: Array<{ a: string; b: string } & Kappa>; meanPairwise: number | null; pairsDefined: number; n: number; fleiss: number | null; fleissItems: number };
export type JudgeAgreement = { overall: Confusion; byCategory: Breakdown[]; bySeverity: Breakdown[]; worst: JudgeError[] };

const INDEX: Record<Verdict, number> = { yes: 0, partial: 1, no: 2 };

/** Severity of an option's score (MODEL-EVAL.md's weights): 1/9 severe, 2/8 moderate, 3/7 mild, 4-6 uncertain. */
export function severityOfScore(score: number | null): { key: string; label: string } {
  if (score === null) return { key: '5-none', label: 'No score' };
  if (score === 1 || score === 9) return { key: '1-severe', label: 'Severe (1 or 9)' };
  if (score === 2 || score === 8) return { key: '2-moderate', label: 'Moderate (2 or 8)' };
  if (score === 3 || score === 7) return { key: '3-mild', label: 'Mild (3 or 7)' };
  return { key: '4-uncertain', label: 'Uncertain (4-6)' };
}

function emptyTable(): number[][] {
  return VERDICTS.map(() => VERDICTS.map(() => 0));
}

/** Kappa, n and percent agreement of a 3 x 3 table. */
export function kappaOfTable(table: number[][]): Kappa {
  const n = table.flat().reduce((a, b) => a + b, 0);
  const agree = table.reduce((sum, row, i) => sum + row[i], 0);
  return { kappa: n === 0 ? null : cohenKappa(table, [0, 1, 2]).value, n, agreement: n === 0 ? null : agree / n };
}

export function physicianAgreement(plans: readonly ReviewedPlan[]): PhysicianAgreement {
  const tables = new Map<string, number[][]>();
  let fleissItems = 0;
  let pSum = 0;
  const totals = [0, 0, 0];
  let ratings = 0;
  for (const plan of plans) {
    const users = [...plan.verdicts.keys()].sort();
    for (const option of plan.options) {
      const given = users.flatMap((u) => {
        const v = plan.verdicts.get(u)!.get(option.id);
        return v === undefined ? [] : [{ u, v }];
      });
      for (let i = 0; i < given.length; i += 1) {
        for (let j = i + 1; j < given.length; j += 1) {
          const key = `${given[i].u}\u0000${given[j].u}`;
          const table = tables.get(key) ?? emptyTable();
          table[INDEX[given[i].v]][INDEX[given[j].v]] += 1;
          tables.set(key, table);
        }
      }
      if (given.length >= 2) {
        const counts = [0, 0, 0];
        for (const g of given) counts[INDEX[g.v]] += 1;
        pSum += counts.reduce((s, c) => s + c * (c - 1), 0) / (given.length * (given.length - 1));
        counts.forEach((c, i) => (totals[i] += c));
        ratings += given.length;
        fleissItems += 1;
      }
    }
  }
  const pairs = [...tables].map(([key, table]) => {
    const [a, b] = key.split('\u0000');
    return { a, b, ...kappaOfTable(table) };
  });
  const defined = pairs.filter((p) => p.kappa !== null);
  const pe = totals.reduce((s, t) => s + (t / ratings) ** 2, 0);
  const fleiss = fleissItems === 0 || 1 - pe < 1e-12 ? null : (pSum / fleissItems - pe) / (1 - pe);
  return {
    pairs,
    meanPairwise: defined.length === 0 ? null : defined.reduce((s, p) => s + p.kappa!, 0) / defined.length,
    pairsDefined: defined.length,
    n: pairs.reduce((s, p) => s + p.n, 0),
    fleiss,
    fleissItems,
  };
}

/** The consensus per option of a plan's submitted physicians (options nobody judged are left out). */
export function consensusOfPlan(plan: ReviewedPlan): Map<number, Verdict> {
  const out = new Map<number, Verdict>();
  for (const option of plan.options) {
    const given = [...plan.verdicts.values()].flatMap((m) => (m.has(option.id) ? [m.get(option.id)!] : []));
    const c = consensusOf(given);
    if (c !== null) out.set(option.id, c);
  }
  return out;
}

function tally(): Record<Verdict, number> {
  return { yes: 0, partial: 0, no: 0 };
}

export function judgeAgreement(plans: readonly ReviewedPlan[], worstCount = 10): JudgeAgreement {
  const overall = emptyTable();
  const byCategory = new Map<string, number[][]>();
  const bySeverity = new Map<string, { label: string; table: number[][] }>();
  const errors = new Map<string, JudgeError>();
  for (const plan of plans) {
    const consensus = consensusOfPlan(plan);
    for (const option of plan.options) {
      const human = consensus.get(option.id);
      if (human === undefined) continue;
      const judge = judgeVerdictOf(plan.record.options, option.id);
      overall[INDEX[judge]][INDEX[human]] += 1;
      const category = byCategory.get(option.category) ?? emptyTable();
      category[INDEX[judge]][INDEX[human]] += 1;
      byCategory.set(option.category, category);
      const severity = severityOfScore(option.score);
      const entry = bySeverity.get(severity.key) ?? { label: severity.label, table: emptyTable() };
      entry.table[INDEX[judge]][INDEX[human]] += 1;
      bySeverity.set(severity.key, entry);
      const key = `${plan.caseId}\u0000${option.id}`;
      const error = errors.get(key) ?? { caseId: plan.caseId, optionId: option.id, text: option.text, category: option.category, n: 0, disagreements: 0, judgeSaid: tally(), humansSaid: tally() };
      error.n += 1;
      if (judge !== human) {
        error.disagreements += 1;
        error.judgeSaid[judge] += 1;
        error.humansSaid[human] += 1;
      }
      errors.set(key, error);
    }
  }
  return {
    overall: { ...kappaOfTable(overall), table: overall },
    byCategory: [...byCategory].sort((a, b) => a[0].localeCompare(b[0])).map(([key, table]) => ({ key, label: key, ...kappaOfTable(table), table })),
    bySeverity: [...bySeverity].sort((a, b) => a[0].localeCompare(b[0])).map(([key, e]) => ({ key, label: e.label, ...kappaOfTable(e.table), table: e.table })),
    worst: [...errors.values()]
      .filter((e) => e.disagreements > 0)
      .sort((a, b) => b.disagreements - a.disagreements || b.disagreements / b.n - a.disagreements / a.n || a.caseId.localeCompare(b.caseId) || a.optionId - b.optionId)
      .slice(0, worstCount),
  };
}
