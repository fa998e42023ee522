import { analyzeItem } from '@/lib/agreement/item-analysis';
import { goldLabel, rubricScoreOf } from '@/lib/gold/rule';
import type { GoldRule } from '@/lib/projects/schema';
import type { AdjudicationRow, OptionRow, RatingRow } from '@/lib/releases/archive/types';
import { sameValue, type ProblemList } from '@/lib/releases/verify-report';
import { optionKey } from '@/lib/releases/verify-rows';

/**
 * Check 3 of `primum verify`: every option's gold score and label recomputed from the raw ratings
 * and adjudications under the release's recorded gold rule, with the same pure functions the lock
 * uses (goldLabel, analyzeItem, rubricScoreOf), and compared field by field with options.jsonl.
 */

/** The columns of an option row that follow from its ratings and adjudication. */
export type OptionFigures = Pick<
  OptionRow,
  'gold_score' | 'rubric_score' | 'gold_source' | 'median' | 'zone' | 'severity' | 'harm_side' | 'n_ratings' | 'p30' | 'p70' | 'ipr' | 'ipras' | 'disagreement'
>;

const FIGURES: Array<keyof OptionFigures> = ['gold_score', 'rubric_score', 'gold_source', 'median', 'zone', 'severity', 'harm_side', 'n_ratings', 'p30', 'p70', 'ipr', 'ipras', 'disagreement'];

/** An option's figures from its scores, its "needs discussion" flag and its adjudication, under the rule. */
export function optionFigures(scores: readonly number[], needsDiscussion: boolean, adjudication: AdjudicationRow | null, rule: GoldRule): OptionFigures {
  const gold = goldLabel(
    {
      scores,
      needsDiscussion,
      adjudication: adjudication && { score: adjudication.score, adjudicator: adjudication.adjudicator_id, at: adjudication.adjudicated_at, rationale: adjudication.rationale },
    },
    rule,
  );
  const item = analyzeItem(scores);
  return {
    gold_score: gold.score,
    rubric_score: gold.score === null ? null : rubricScoreOf(gold.score),
    gold_source: adjudication ? 'adjudicated' : gold.score !== null ? 'rule' : 'none',
    median: item.median,
    zone: gold.zone,
    severity: gold.severity,
    harm_side: gold.side,
    n_ratings: scores.length,
    p30: item.p30,
    p70: item.p70,
    ipr: item.ipr,
    ipras: item.ipras,
    disagreement: item.disagreement,
  };
}

type Rows = { options: OptionRow[]; ratings: RatingRow[]; adjudications: AdjudicationRow[] };

/** Groups rows by option; a row for an option that options.jsonl lacks is a problem. */
function byOption<R extends { case_id: string; option_id: number }>(rows: R[], known: Set<string>, file: string, problems: ProblemList): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = optionKey(row);
    const place = { case: row.case_id, option: row.option_id };
    if (!known.has(key)) {
      problems.add(file, 'refers to an option not in options.jsonl', place);
      continue;
    }
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Recomputes every option's figures, reports each differing field, and returns the recomputed figures by option key. */
export function checkGold(rows: Rows, rule: GoldRule, overrideCases: ReadonlySet<string> | null, problems: ProblemList): Map<string, OptionFigures> {
  const known = new Set<string>();
  for (const option of rows.options) {
    const key = optionKey(option);
    if (known.has(key)) problems.add('options.jsonl', 'the option appears twice', { case: option.case_id, option: option.option_id });
    known.add(key);
  }
  const ratings = byOption(rows.ratings, known, 'ratings.jsonl', problems);
  const adjudications = byOption(rows.adjudications, known, 'adjudications.jsonl', problems);
  for (const group of ratings.values()) {
    const raters = new Set(group.map((r) => r.rater_id));
    if (raters.size < group.length) problems.add('ratings.jsonl', 'a rater rated the option more than once', { case: group[0].case_id, option: group[0].option_id });
  }
  for (const group of adjudications.values()) {
    if (group.length > 1) problems.add('adjudications.jsonl', 'the option has more than one adjudication', { case: group[0].case_id, option: group[0].option_id });
  }
  const figures = new Map<string, OptionFigures>();
  for (const option of rows.options) {
    const key = optionKey(option);
    const place = { case: option.case_id, option: option.option_id };
    const scores = (ratings.get(key) ?? []).map((r) => r.score);
    const expected = optionFigures(scores, option.needs_discussion, adjudications.get(key)?.[0] ?? null, rule);
    figures.set(key, expected);
    for (const field of FIGURES) {
      if (!sameValue(expected[field], option[field])) problems.mismatch('options.jsonl', field, expected[field], option[field], place);
    }
    if (option.locked_by_override) {
      if (!overrideCases?.has(option.case_id)) problems.add('options.jsonl', 'locked_by_override is true but release.json records no override for this case', place);
    } else if (expected.gold_score === null) {
      problems.add('options.jsonl', 'the option has no gold score but locked_by_override is false', place);
    }
  }
  return figures;
}
