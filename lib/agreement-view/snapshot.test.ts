import { describe, expect, it } from 'vitest';
import { computeBreakdowns, krippendorffAlpha } from '@/lib/agreement';
import { computeSnapshot, type SnapshotRow } from '@/lib/agreement-view/snapshot';

const DOMAIN = [1, 2, 3, 4, 5, 6, 7, 8, 9];

function rows(): SnapshotRow[] {
  const out: SnapshotRow[] = [];
  const panel: Record<string, number[]> = {
    'c1-o1': [1, 2, 1], 'c1-o2': [8, 9, 8], 'c1-o3': [2, 8, 5], // c1-o3: a 1-3 and a 7-9 rating
    'c2-o1': [5, 5, 6], 'c2-o2': [9, 9, 9], 'c2-o3': [3, 3, 4],
  };
  for (const [option, scores] of Object.entries(panel)) {
    const c = option.slice(0, 2);
    scores.forEach((score, i) => out.push({ option, rater: `r${i + (c === 'c2' ? 1 : 0)}`, score, case: c, specialty: c === 'c1' ? 'Card' : 'Derm', category: option.endsWith('o1') ? 'Diagnostic' : 'Medication' }));
  }
  return out;
}

describe('computeSnapshot', () => {
  it('agrees with the statistics module on alpha, counts the score distribution, and lists RAND/UCLA disagreements', () => {
    const data = rows();
    const snapshot = computeSnapshot(data, { domain: DOMAIN, bootstrap: 200, seed: 1 });
    const expected = krippendorffAlpha(data.map((r) => ({ item: r.option, rater: r.rater, value: r.score })), 'ordinal', { domain: DOMAIN });
    expect(snapshot.overall.alpha.ordinal).toBeCloseTo(expected.value!, 10);
    expect(snapshot.distribution).toEqual([2, 2, 2, 1, 3, 1, 0, 3, 4]);
    expect(snapshot.disagreements.map((d) => [d.item, d.scores])).toEqual([['c1-o3', [2, 5, 8]]]);
    expect(snapshot.byDimension.specialty.map((g) => [g.value, g.items])).toEqual([['Card', 3], ['Derm', 3]]);
    expect(snapshot.byDimension.category.map((g) => g.value)).toEqual(['Diagnostic', 'Medication']);
    expect(snapshot.matrix.raters).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(snapshot.overall.ci?.replicates).toBe(200);
    // Group by group, the same summaries as the statistics module's own breakdowns.
    const asBreakdownRows = data.map((r) => ({ item: r.option, rater: r.rater, value: r.score, cluster: r.case, groups: { specialty: r.specialty, case: r.case, category: r.category } }));
    const reference = computeBreakdowns(asBreakdownRows, { domain: DOMAIN, bootstrap: 200, seed: 1 });
    expect(snapshot.byDimension).toEqual(reference.dimensions);
    expect(snapshot.raters).toEqual(reference.raters);
  });

  it('is deterministic for the same rows and seed', () => {
    const options = { domain: DOMAIN, bootstrap: 200, seed: 4 };
    expect(computeSnapshot(rows(), options)).toEqual(computeSnapshot(rows(), options));
  });
});

describe('computeSnapshot with a group cache', () => {
  it('gives exactly the uncached result, and after a change recomputes only the groups the change is in', () => {
    const options = { domain: DOMAIN, bootstrap: 200, seed: 2 };
    const cache = new Map();
    const first = computeSnapshot(rows(), options, cache);
    expect(first).toEqual(computeSnapshot(rows(), options));
    expect(cache.size).toBe(2 + 2 + 2); // specialties, cases, categories
    const before = new Map(first.byDimension.case.map((g) => [g.value, g]));

    const changed = rows().map((r) => (r.option === 'c1-o1' && r.rater === 'r0' ? { ...r, score: 9 } : r));
    const second = computeSnapshot(changed, options, cache);
    expect(second).toEqual(computeSnapshot(changed, options));
    const after = new Map(second.byDimension.case.map((g) => [g.value, g]));
    expect(after.get('c2')).toBe(before.get('c2')); // untouched group: the cached object itself
    expect(after.get('c1')).not.toEqual(before.get('c1'));
    expect(cache.size).toBe(6);
  });
});
