import type { Zone } from '@/lib/agreement/types';
import type { GoldRule } from '@/lib/projects/schema';
import { goldLabel, type GoldInput, type ReasonKey, type Severity } from './rule';

/** Counts of gold labels under a rule, for the gold rule page's preview. */
export type GoldSummary = {
  options: number;
  /** Options without a gold label yet (fewer than 2 ratings, not adjudicated). */
  pending: number;
  adjudicated: number;
  zones: Record<Zone, number>;
  /** Severity by side: harm of doing it (harm zone) and harm of omitting it (appropriate zone). */
  commission: Record<Severity, number>;
  omission: Record<Severity, number>;
  /** Options for which each reason applies (an option may have several), adjudicated or not. */
  reasons: Record<ReasonKey, number>;
  /** Options waiting for an adjudication (some reason applies, none recorded yet). */
  awaitingAdjudication: number;
};

const severities = (): Record<Severity, number> => ({ severe: 0, moderate: 0, mild: 0 });

export function summarizeGold(inputs: readonly GoldInput[], rule: GoldRule): GoldSummary {
  const summary: GoldSummary = {
    options: inputs.length,
    pending: 0,
    adjudicated: 0,
    zones: { harm: 0, uncertain: 0, appropriate: 0 },
    commission: severities(),
    omission: severities(),
    reasons: { randUcla: 0, crossZone: 0, needsDiscussion: 0 },
    awaitingAdjudication: 0,
  };
  for (const input of inputs) {
    const label = goldLabel(input, rule);
    for (const reason of label.reasons) summary.reasons[reason.key] += 1;
    if (label.needsAdjudication) summary.awaitingAdjudication += 1;
    if (label.status === 'pending') {
      summary.pending += 1;
      continue;
    }
    if (label.status === 'adjudicated') summary.adjudicated += 1;
    summary.zones[label.zone!] += 1;
    if (label.severity && label.side) summary[label.side][label.severity] += 1;
  }
  return summary;
}
