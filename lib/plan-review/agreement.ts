import { cohenKappa, cohenKappaPairs, fleissKappa, percentAgreement, type Rating } from '@/lib/agreement';
import type { JudgedRecord } from '@/lib/evaluation/types';
import { consensusOf, judgeVerdictOf, VERDICTS, type Verdict } from './verdicts';

/**
 * Agreement figures of the human review (pure). Items are (review, option) pairs, verdicts coded
 * yes/partial/no as 0/1/2 for lib/agreement. Between physicians (every submitted verdict): Cohen's
 * kappa (unweighted) of every physician pair over the items both judged, averaged over the pairs
 * where it is defined, and Fleiss' kappa over items with at least two verdicts (raters may vary per
 * item, as irrCAC's fleiss.kappa.raw). AI judge vs the physicians' consensus: Cohen's kappa and the
 * 3 x 3 confusion table (rows judge, columns physicians), overall, by option category and by
 * severity of the option's score, over resolved options only (unresolved ones are counted apart).
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
/** `unresolved`: options left out of the table because the physicians had no majority. */
export type Confusion = Kappa & { table: number[][]; unresolved: number };
export type Breakdown = { key: string; label: string } & Confusion;
export type JudgeError = { caseId: string; optionId: number; text: string; category: string; n: number; unresolved: number; disagreements: number; judgeSaid: Record<Verdict, number>; humansSaid: Record<Verdict, number> };
export type PhysicianAgreement = { pairs: Array<{ a: string; b: string } & Kappa>; meanPairwise: number | null; pairsDefined: number; n: number; fleiss: number | null; fleissItems: number };
export type JudgeAgreement = { overall: Confusion; byCategory: Breakdown[]; bySeverity: Breakdown[]; worst: JudgeError[] };

const INDEX: Record<Verdict, number> = { yes: 0, partial: 1, no: 2 };
const DOMAIN = [0, 1, 2];

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
  return { kappa: n === 0 ? null : cohenKappa(table, DOMAIN).value, n, agreement: n === 0 ? null : agree / n };
}

/** Every submitted verdict as a lib/agreement rating: item = (review, option), rater = physician. */
function ratingsOf(plans: readonly ReviewedPlan[]): Rating[] {
  return plans.flatMap((plan) =>
    [...plan.verdicts].flatMap(([rater, verdicts]) =>
      plan.options.flatMap((option) => {
        const v = verdicts.get(option.id);
        return v === undefined ? [] : [{ item: `${plan.reviewId}\u0000${option.id}`, rater, value: INDEX[v] }];
      }),
    ),
  );
}

export function physicianAgreement(plans: readonly ReviewedPlan[]): PhysicianAgreement {
  const ratings = ratingsOf(plans);
  const perItem = new Map<string, number>();
  for (const r of ratings) perItem.set(r.item, (perItem.get(r.item) ?? 0) + 1);
  const pairable = ratings.filter((r) => perItem.get(r.item)! >= 2);
  const pairs = cohenKappaPairs(pairable, { domain: DOMAIN }).map((p) => {
    const two = pairable.filter((r) => r.rater === p.a || r.rater === p.b);
    return { a: p.a, b: p.b, kappa: p.unweighted, n: p.n, agreement: percentAgreement(two, { domain: DOMAIN }).value };
  });
  const defined = pairs.filter((p) => p.kappa !== null);
  const fleissItems = [...perItem.values()].filter((n) => n >= 2).length;
  return {
    pairs,
    meanPairwise: defined.length === 0 ? null : defined.reduce((s, p) => s + p.kappa!, 0) / defined.length,
    pairsDefined: defined.length,
    n: pairs.reduce((s, p) => s + p.n, 0),
    fleiss: fleissItems === 0 ? null : fleissKappa(pairable, { domain: DOMAIN }).value,
    fleissItems,
  };
}

/**
 * The consensus per option of a plan's submitted physicians: resolved options with their verdict,
 * and the ids of unresolved ones (no strict majority). Options nobody judged are in neither.
 */
export function consensusOfPlan(plan: ReviewedPlan): { resolved: Map<number, Verdict>; unresolved: number[] } {
  const resolved = new Map<number, Verdict>();
  const unresolved: number[] = [];
  for (const option of plan.options) {
    const given = [...plan.verdicts.values()].flatMap((m) => (m.has(option.id) ? [m.get(option.id)!] : []));
    const c = consensusOf(given);
    if (c === 'unresolved') unresolved.push(option.id);
    else if (c !== null) resolved.set(option.id, c);
  }
  return { resolved, unresolved };
}

function tally(): Record<Verdict, number> {
  return { yes: 0, partial: 0, no: 0 };
}

type Cell = { table: number[][]; unresolved: number };

function cell(): Cell {
  return { table: emptyTable(), unresolved: 0 };
}

function confusionOf(c: Cell): Confusion {
  return { ...kappaOfTable(c.table), table: c.table, unresolved: c.unresolved };
}

/** Adds one option's comparison to a cell: a judge/consensus pair, or one more unresolved option. */
function add(c: Cell, judge: Verdict, human: Verdict | undefined): void {
  if (human === undefined) c.unresolved += 1;
  else c.table[INDEX[judge]][INDEX[human]] += 1;
}

export function judgeAgreement(plans: readonly ReviewedPlan[], worstCount = 10): JudgeAgreement {
  const overall = cell();
  const byCategory = new Map<string, Cell>();
  const bySeverity = new Map<string, { label: string } & Cell>();
  const errors = new Map<string, JudgeError>();
  for (const plan of plans) {
    const { resolved, unresolved } = consensusOfPlan(plan);
    const open = new Set(unresolved);
    for (const option of plan.options) {
      const human = resolved.get(option.id);
      if (human === undefined && !open.has(option.id)) continue;
      const judge = judgeVerdictOf(plan.record.options, option.id);
      add(overall, judge, human);
      const category = byCategory.get(option.category) ?? cell();
      add(category, judge, human);
      byCategory.set(option.category, category);
      const severity = severityOfScore(option.score);
      const entry = bySeverity.get(severity.key) ?? { label: severity.label, ...cell() };
      add(entry, judge, human);
      bySeverity.set(severity.key, entry);
      const key = `${plan.caseId}\u0000${option.id}`;
      const error = errors.get(key) ?? { caseId: plan.caseId, optionId: option.id, text: option.text, category: option.category, n: 0, unresolved: 0, disagreements: 0, judgeSaid: tally(), humansSaid: tally() };
      errors.set(key, error);
      if (human === undefined) {
        error.unresolved += 1;
        continue;
      }
      error.n += 1;
      if (judge !== human) {
        error.disagreements += 1;
        error.judgeSaid[judge] += 1;
        error.humansSaid[human] += 1;
      }
    }
  }
  return {
    overall: confusionOf(overall),
    byCategory: [...byCategory].sort((a, b) => a[0].localeCompare(b[0])).map(([key, c]) => ({ key, label: key, ...confusionOf(c) })),
    bySeverity: [...bySeverity].sort((a, b) => a[0].localeCompare(b[0])).map(([key, e]) => ({ key, label: e.label, ...confusionOf(e) })),
    worst: [...errors.values()]
      .filter((e) => e.disagreements > 0)
      .sort((a, b) => b.disagreements - a.disagreements || b.disagreements / b.n - a.disagreements / a.n || a.caseId.localeCompare(b.caseId) || a.optionId - b.optionId)
      .slice(0, worstCount),
  };
}
