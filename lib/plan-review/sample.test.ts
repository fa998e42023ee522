import { describe, expect, it } from 'vitest';
import { assignReviewers, caseQuotas, sampleRecords, type Candidate } from './sample';

function candidates(model: string, perCase: Record<string, number>): Candidate[] {
  return Object.entries(perCase).flatMap(([caseId, n]) =>
    Array.from({ length: n }, (_, i) => ({ recordDbId: `${model}-${caseId}-${i}`, modelId: model, caseDbId: `db-${caseId}`, caseId })),
  );
}

describe('caseQuotas', () => {
  it('spreads n evenly and moves what a small case cannot take to the others', () => {
    expect(Object.fromEntries(caseQuotas(new Map([['A', 5], ['B', 1], ['C', 5]]), 7, ['A', 'B', 'C']))).toEqual({ A: 3, B: 1, C: 3 });
    // The remainder goes to cases in the (shuffled) order given.
    expect(Object.fromEntries(caseQuotas(new Map([['A', 5], ['B', 5], ['C', 5]]), 4, ['B', 'A', 'C']))).toEqual({ A: 1, B: 2, C: 1 });
    expect(Object.fromEntries(caseQuotas(new Map([['A', 2], ['B', 1]]), 10, ['A', 'B']))).toEqual({ A: 2, B: 1 });
  });
});

describe('sampleRecords', () => {
  const pool = [...candidates('m1', { Card001: 11, Card002: 11, Pulm001: 2 }), ...candidates('m2', { Card001: 3 })];

  it('takes N per model spread over its cases, each record at most once', () => {
    const chosen = sampleRecords(pool, { perModel: 9, seed: 7 });
    const m1 = chosen.filter((c) => c.modelId === 'm1');
    const perCase = (list: Candidate[]) => Object.fromEntries(['Card001', 'Card002', 'Pulm001'].map((id) => [id, list.filter((c) => c.caseId === id).length]));
    // 9 over 3 cases: 3 each, Pulm001 has only 2, the one left goes to one of the Card cases.
    const counts = perCase(m1);
    expect(counts.Pulm001).toBe(2);
    expect([counts.Card001, counts.Card002].sort()).toEqual([3, 4]);
    expect(chosen.filter((c) => c.modelId === 'm2')).toHaveLength(3);
    expect(new Set(chosen.map((c) => c.recordDbId)).size).toBe(chosen.length);
  });

  it('is fixed by the seed, differs with another seed, and never repeats a taken record', () => {
    const a = sampleRecords(pool, { perModel: 6, seed: 1 }).map((c) => c.recordDbId);
    expect(sampleRecords(pool, { perModel: 6, seed: 1 }).map((c) => c.recordDbId)).toEqual(a);
    expect(sampleRecords(pool, { perModel: 6, seed: 2 }).map((c) => c.recordDbId)).not.toEqual(a);
    const again = sampleRecords(pool, { perModel: 6, seed: 1, taken: new Set(a) }).map((c) => c.recordDbId);
    expect(again.filter((id) => a.includes(id))).toEqual([]);
    expect(again.filter((id) => id.startsWith('m1'))).toHaveLength(6);
  });
});

describe('assignReviewers', () => {
  it('gives k physicians per review with balanced load, never one that is not eligible', () => {
    const eligible = ['u1', 'u2', 'u3', 'u4'];
    const picks = assignReviewers(Array.from({ length: 6 }, () => ({ eligible })), { k: 2, seed: 3 });
    const load = new Map<string, number>();
    for (const p of picks) {
      expect(p.userIds).toHaveLength(2);
      expect(new Set(p.userIds).size).toBe(2);
      for (const u of p.userIds) load.set(u, (load.get(u) ?? 0) + 1);
    }
    expect([...load.values()].sort()).toEqual([3, 3, 3, 3]);
  });

  it('counts the load already held, and skips a review with fewer than k eligible', () => {
    const picks = assignReviewers([{ eligible: ['u1', 'u2', 'u3'] }, { eligible: ['u1', 'u2', 'u3'] }, { eligible: ['u9'] }], { k: 2, seed: 0, load: new Map([['u1', 5]]) });
    expect(picks[0].userIds.sort()).toEqual(['u2', 'u3']);
    expect(picks[1].userIds.sort()).toEqual(['u2', 'u3']);
    expect(picks[2].userIds).toEqual([]);
  });
});
