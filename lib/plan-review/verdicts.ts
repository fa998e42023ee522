import type { JudgedRecord, OptionVerdict, PlanAction } from '@/lib/evaluation/types';

/**
 * Physicians as judges (issue 10), pure: a physician's verdict on one rubric option of a plan, the
 * consensus of a review's k physicians, and a judged record with the human consensus put in place of
 * the AI judge's verdicts. No I/O.
 */

export const VERDICTS = ['yes', 'partial', 'no'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const VERDICT_LABELS: Record<Verdict, string> = { yes: 'Yes', partial: 'Partly', no: 'No' };

/** A consensus: the majority verdict, or "unresolved" when no verdict has a strict majority. */
export type Consensus = Verdict | 'unresolved';

/** The consensus rule, as the coordinator's page states it. */
export const CONSENSUS_RULE =
  'Consensus of a review\'s physicians per option: the verdict more than half of them gave; without such a majority (k = 2: any disagreement) the option is unresolved. Unresolved options are left out of the comparison with the AI judge, and a plan with any unresolved option is left out of the metrics from human verdicts (on both sides); the number left out is shown. Agreement between physicians uses every verdict.';

/**
 * Strict majority, else "unresolved": physicians who disagree give no consensus, and their
 * disagreement must not be counted as the AI judge's error. With k = 2 any disagreement is
 * unresolved; with k = 3, yes/yes/no gives "yes" and yes/partial/no is unresolved. Null for no verdicts.
 */
export function consensusOf(verdicts: readonly Verdict[]): Consensus | null {
  if (verdicts.length === 0) return null;
  for (const value of VERDICTS) {
    if (verdicts.filter((v) => v === value).length * 2 > verdicts.length) return value;
  }
  return 'unresolved';
}

/** The AI judge's verdict on an option as yes / partial / no (an option it did not list is "no"). */
export function judgeVerdictOf(options: readonly OptionVerdict[], optionId: number): Verdict {
  const found = options.find((o) => o.id === optionId);
  if (!found || !found.matched) return 'no';
  return found.partial ? 'partial' : 'yes';
}

/**
 * The record as the humans judged it (the rule): their consensus verdicts replace the
 * judge's `options[]` (options they did not judge keep the judge's verdict); option ids the humans
 * rejected ("no") are removed from every action's `match` (an action left with no id becomes an
 * off-rubric action, as in NOHARM's format); each option they accepted (yes/partial) that no action
 * lists becomes one new action of its own.
 */
export function applyHumanVerdicts(record: JudgedRecord, human: ReadonlyMap<number, Verdict>): JudgedRecord {
  const options: OptionVerdict[] = record.options.map((o) => {
    const verdict = human.get(o.id);
    return verdict === undefined ? { ...o } : { id: o.id, matched: verdict !== 'no', partial: verdict === 'partial' };
  });
  const listed = new Set(record.options.map((o) => o.id));
  for (const [id, verdict] of human) {
    if (!listed.has(id)) options.push({ id, matched: verdict !== 'no', partial: verdict === 'partial' });
  }
  const actions: PlanAction[] = record.actions.map((a) => ({ ...a, match: a.match.filter((id) => human.get(id) !== 'no') }));
  const matchedByAction = new Set(actions.flatMap((a) => a.match));
  for (const [id, verdict] of [...human].sort((a, b) => a[0] - b[0])) {
    if (verdict !== 'no' && !matchedByAction.has(id)) actions.push({ match: [id] });
  }
  return { ...record, options, actions };
}
