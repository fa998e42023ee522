import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/lib/agreement';
import { compareIds } from '@/lib/agreement/encode';
import { releaseAgreement, type ReleaseAgreementRow } from './agreement';
import { releaseAgreementOfCompact, type CompactRatings } from './agreement-table';

/** Rows of a made-up release: cases of three specialties, uneven panels, a few lone ratings, shared raters. */
function rowsOf(seed: number): ReleaseAgreementRow[] {
  const random = mulberry32(seed);
  const raters = Array.from({ length: 14 }, (_, i) => `R${Math.floor(random() * 0xffffff).toString(16)}${i}`);
  const rows: ReleaseAgreementRow[] = [];
  for (const specialty of ['Card', 'Neph', 'All']) {
    for (let c = 1; c <= 12; c++) {
      const caseId = `${specialty}${c}`;
      const panel = raters.filter(() => random() < 0.4);
      for (let option = 1; option <= 3 + Math.floor(random() * 5); option++) {
        const category = ['Diagnostic', 'Treatment', 'Counseling'][Math.floor(random() * 3)];
        const truth = 1 + Math.floor(random() * 9);
        for (const rater of panel) {
          if (random() < 0.15) continue;
          const score = Math.min(9, Math.max(1, truth + Math.round((random() - 0.5) * 3)));
          rows.push({ case_id: caseId, option_id: option, rater_id: rater, score, specialty, category });
        }
      }
    }
  }
  // Shuffled: releaseAgreement puts them in canonical order itself.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

/** The same rows as compact arrays, in canonical order (cases, options, raters), as the lock builds them. */
function compactOf(rows: readonly ReleaseAgreementRow[]): CompactRatings {
  const sorted = [...rows].sort((a, b) => compareIds(a.case_id, b.case_id) || a.option_id - b.option_id || compareIds(a.rater_id, b.rater_id));
  const index = (list: string[], value: string) => (list.includes(value) ? list.indexOf(value) : list.push(value) - 1);
  const cases: string[] = [];
  const specialties: string[] = [];
  const categories: string[] = [];
  const raterIds: string[] = [];
  const items: string[] = [];
  const itemCase: number[] = [];
  const itemSpecialty: number[] = [];
  const itemCategory: number[] = [];
  const start: number[] = [0];
  const rater: number[] = [];
  const score: number[] = [];
  for (const row of sorted) {
    const item = `${row.case_id}#${row.option_id}`;
    if (items.at(-1) !== item) {
      if (items.length > 0) start.push(rater.length);
      items.push(item);
      itemCase.push(index(cases, row.case_id));
      itemSpecialty.push(index(specialties, row.specialty));
      itemCategory.push(index(categories, row.category));
    }
    rater.push(index(raterIds, row.rater_id));
    score.push(row.score);
  }
  start.push(rater.length);
  // Group names in an order of their own (the figures must sort them, not rely on it).
  return {
    itemIds: items,
    itemCase: Int32Array.from(itemCase),
    itemSpecialty: Int32Array.from(itemSpecialty),
    itemCategory: Int32Array.from(itemCategory),
    specialties,
    categories,
    start: Int32Array.from(start),
    rater: Int32Array.from(rater),
    score: Int32Array.from(score),
    raterIds,
  };
}

describe('release agreement from compact arrays', () => {
  it('gives exactly the figures of releaseAgreement: overall, per specialty and per category, intervals and notes included', () => {
    for (const seed of [1, 2, 3]) {
      const rows = rowsOf(seed);
      const expected = releaseAgreement(rows, { bootstrap: 60, seed: 11 });
      const found = releaseAgreementOfCompact(compactOf(rows), { bootstrap: 60, seed: 11 });
      expect(found).toStrictEqual(expected);
      expect(found.by_specialty.map((s) => s.specialty)).toEqual(['All', 'Card', 'Neph']);
      expect(found.overall.ci).not.toBeNull();
    }
  });

  it('leaves a group with no ratings out, as releaseAgreement does, and refuses a score off the scale', () => {
    const rows = rowsOf(4).filter((r) => r.specialty !== 'Neph');
    const data = { ...compactOf(rows), specialties: [...compactOf(rows).specialties, 'Neph'] };
    expect(releaseAgreementOfCompact(data, { bootstrap: 0 })).toStrictEqual(releaseAgreement(rows, { bootstrap: 0 }));
    data.score = Int32Array.from(data.score, (s, i) => (i === 5 ? 10 : s));
    expect(() => releaseAgreementOfCompact(data, { bootstrap: 0 })).toThrow(/outside the scale/);
  });
});
