import { describe, expect, it } from 'vitest';
import { cohenKappa, cohenKappaMatrix, cohenKappaPairs } from './cohen';
import { ANXIETY, CLUSTERED_REFERENCE as REF, clusteredRatings, columnsToRatings } from './reference-data';

const SIX = [1, 2, 3, 4, 5, 6];
const anxiety = columnsToRatings(ANXIETY);

function pairOf(a: string, b: string, domain: number[]) {
  const pair = cohenKappaPairs(anxiety.filter((r) => r.rater === a || r.rater === b), { domain }).find((p) => p.a === a && p.b === b);
  if (!pair) throw new Error(`no pair ${a}-${b}`);
  return pair;
}

describe("Cohen's kappa", () => {
  it('reproduces the 3 x 3 table [[0,4,1],[0,8,0],[0,1,5]]', () => {
    const table = [[0, 4, 1], [0, 8, 0], [0, 1, 5]];
    expect(cohenKappa(table, [1, 2, 3]).value).toBeCloseTo(0.4842, 4);
    expect(cohenKappa(table, [1, 2, 3], 'linear').value).toBeCloseTo(0.4701, 4);
  });

  it('reproduces irr::kappa2 on anxiety r1 vs r2 (quadratic)', () => {
    expect(pairOf('r1', 'r2', SIX).quadratic).toBeCloseTo(0.2967651, 7);
  });

  it('weights over the declared 1-6 scale, not only the observed levels (irr gives 0.1459 / 0.2520)', () => {
    const pair = pairOf('r2', 'r3', SIX);
    expect(pair.n).toBe(20);
    expect(pair.unweighted).toBeCloseTo(-0.0062893, 7);
    expect(pair.linear).toBeCloseTo(0.1262136, 7);
    expect(pair.quadratic).toBeCloseTo(0.229798, 6);
  });

  it('lists every pair that shares items, in natural rater order, matching the independent implementation', () => {
    const pairs = cohenKappaPairs(clusteredRatings(), { domain: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
    expect(pairs.map((p) => [p.a, p.b])).toEqual(REF.cohen.map((row) => [row[0], row[1]]));
    pairs.forEach((pair, i) => {
      const [, , n, ...kappas] = REF.cohen[i];
      expect(pair.n).toBe(n);
      [pair.unweighted, pair.linear, pair.quadratic].forEach((kappa, k) => {
        const expected = kappas[k];
        if (expected === null) expect(kappa).toBeNull();
        else expect(kappa).toBeCloseTo(expected, 10);
      });
    });
  });

  it('is null when chance agreement is 1 and for a malformed table', () => {
    const constant = ['a', 'b'].flatMap((item) => ['x', 'y'].map((rater) => ({ item, rater, value: 5 })));
    expect(cohenKappaPairs(constant, { domain: SIX })).toEqual([{ a: 'x', b: 'y', n: 2, unweighted: null, linear: null, quadratic: null }]);
    expect(cohenKappa([[1, 2]], [1, 2]).value).toBeNull();
    expect(cohenKappa([[0, 0], [0, 0]], [1, 2])).toEqual({ value: null, reason: 'no ratings, or chance agreement is 1' });
  });

  it('builds a symmetric rater x rater matrix with null where raters never met', () => {
    const ratings = [
      { item: 'i1', rater: 'r10', value: 1 }, { item: 'i1', rater: 'r2', value: 2 },
      { item: 'i2', rater: 'r10', value: 3 }, { item: 'i2', rater: 'r2', value: 3 },
      { item: 'i3', rater: 'r3', value: 1 }, { item: 'i3', rater: 'r2', value: 1 },
    ];
    const { raters, values } = cohenKappaMatrix(cohenKappaPairs(ratings, { domain: [1, 2, 3] }), 'unweighted');
    expect(raters).toEqual(['r2', 'r3', 'r10']);
    // r2 vs r10: p_o = 1/2, p_e = 1/4 (both use 3 half the time), kappa = 1/3.
    expect(values[0][2]).toBeCloseTo(1 / 3, 12);
    expect(values[2][0]).toBe(values[0][2]);
    expect(values[1][2]).toBeNull();
    expect(values[0][0]).toBeNull();
  });
});
