import { compareIds } from '@/lib/agreement/encode';
import type { ReleaseAgreement } from '@/lib/releases/agreement';
import type { OptionRow } from '@/lib/releases/archive/types';

/**
 * What changed from one release version to the next (pure): cases added and removed, options whose
 * gold score or label (zone, severity) changed with both values, and the agreement before and after,
 * overall and per specialty. Options are matched by case and option id.
 */

export type GoldSide = Pick<OptionRow, 'gold_score' | 'gold_source' | 'zone' | 'severity' | 'harm_side'>;
/** What the diff reads of an option: where it is, its text and its gold label. */
export type DiffOption = Pick<OptionRow, 'case_id' | 'option_id' | 'text'> & GoldSide;
export type GoldChange = { case_id: string; option_id: number; text: string; before: GoldSide; after: GoldSide; changed: Array<'score' | 'label'> };
export type AgreementPoint = { alpha_ordinal: number | null; ci: [number, number] | null; items: number; raters: number };
export type AgreementChange = { group: string; before: AgreementPoint | null; after: AgreementPoint | null };
export type ReleaseDiff = {
  casesAdded: string[];
  casesRemoved: string[];
  goldChanged: GoldChange[];
  agreement: AgreementChange[];
};

type Figures = ReleaseAgreement['overall'];

function point(f: Pick<Figures, 'alpha' | 'ci' | 'items' | 'raters'>): AgreementPoint {
  const ci = f.ci?.alpha.ordinal;
  return { alpha_ordinal: f.alpha.ordinal, ci: ci ? [ci.lower, ci.upper] : null, items: f.items, raters: f.raters };
}

const key = (r: Pick<OptionRow, 'case_id' | 'option_id'>) => `${r.case_id}\u0000${r.option_id}`;
const sideOf = (r: DiffOption): GoldSide => ({ gold_score: r.gold_score, gold_source: r.gold_source, zone: r.zone, severity: r.severity, harm_side: r.harm_side });

export function diffReleases(
  before: { options: readonly DiffOption[]; agreement: ReleaseAgreement },
  after: { options: readonly DiffOption[]; agreement: ReleaseAgreement },
): ReleaseDiff {
  const casesBefore = new Set(before.options.map((o) => o.case_id));
  const casesAfter = new Set(after.options.map((o) => o.case_id));
  const previous = new Map(before.options.map((o) => [key(o), o]));
  const goldChanged: GoldChange[] = [];
  for (const o of after.options) {
    const p = previous.get(key(o));
    if (!p) continue;
    const changed: GoldChange['changed'] = [];
    if (p.gold_score !== o.gold_score) changed.push('score');
    if (p.zone !== o.zone || p.severity !== o.severity || p.harm_side !== o.harm_side) changed.push('label');
    if (changed.length > 0) goldChanged.push({ case_id: o.case_id, option_id: o.option_id, text: o.text, before: sideOf(p), after: sideOf(o), changed });
  }
  const groups = (a: ReleaseAgreement) => new Map(a.by_specialty.map((g) => [g.specialty, point(g)]));
  const specialtiesBefore = groups(before.agreement);
  const specialtiesAfter = groups(after.agreement);
  const specialties = [...new Set([...specialtiesBefore.keys(), ...specialtiesAfter.keys()])].sort(compareIds);
  return {
    casesAdded: [...casesAfter].filter((c) => !casesBefore.has(c)).sort(compareIds),
    casesRemoved: [...casesBefore].filter((c) => !casesAfter.has(c)).sort(compareIds),
    goldChanged: goldChanged.sort((a, b) => compareIds(a.case_id, b.case_id) || a.option_id - b.option_id),
    agreement: [
      { group: 'overall', before: point(before.agreement.overall), after: point(after.agreement.overall) },
      ...specialties.map((s) => ({ group: s, before: specialtiesBefore.get(s) ?? null, after: specialtiesAfter.get(s) ?? null })),
    ],
  };
}
