import { describe, expect, it } from 'vitest';
import { median, percentileSorted } from '@/lib/agreement/item-analysis';
import { aggregateModel, strataOf, stratumOf } from './aggregate';
import { RECORD_METRICS, type RecordMetric, type RecordScore } from './types';

/** A record score whose metrics are all 0 except those given. */
function score(id: string, metrics: Partial<Record<RecordMetric, number | null>>): RecordScore {
  const all = Object.fromEntries(RECORD_METRICS.map((m) => [m, 0])) as Record<RecordMetric, number | null>;
  return { id, caseId: id.replace(/-\d+$/, ''), trial: 0, metrics: { ...all, ...metrics }, undefinedReasons: {}, harms: [] };
}
const f1 = (id: string, value: number) => score(id, { F1_weighted: value });

describe('aggregateModel: point estimates', () => {
  it('is the mean of case means, not of records', () => {
    // Case A001: 1, 0, 0 -> 1/3; case A002: 1. Mean of cases 2/3 (the mean of the 4 records would be 1/2).
    const model = aggregateModel('m', [f1('A001', 1), f1('A001-1', 0), f1('A001-2', 0), f1('A002', 1)], { bootstrap: 10 });
    expect(model.metrics.F1_weighted!.mean).toBeCloseTo(2 / 3, 12);
    expect(model).toMatchObject({ model: 'm', records: 4, cases: 2 });
    expect(model.metrics.F1_weighted!.n).toBe(2);
  });

  it('leaves undefined records out of their case, and a case with no defined value out of the metric', () => {
    const model = aggregateModel('m', [
      score('A001', { Precision_matched: 0.2 }),
      score('A001-1', { Precision_matched: null }),
      score('A002', { Precision_matched: null }),
      score('A003', { Precision_matched: 0.6 }),
    ], { bootstrap: 10 });
    // A001 -> 0.2 (the null record left out), A002 left out, A003 -> 0.6: mean 0.4 over 2 cases.
    expect(model.metrics.Precision_matched).toMatchObject({ n: 2 });
    expect(model.metrics.Precision_matched!.mean).toBeCloseTo(0.4, 12);
    // A metric defined everywhere still counts 3 cases.
    expect(model.metrics.F1_raw!.n).toBe(3);
  });

  it('gives null for a metric no case defines', () => {
    const model = aggregateModel('m', [score('A001', { Offrubric_rate: null })], { bootstrap: 10 });
    expect(model.metrics.Offrubric_rate).toBeNull();
  });

  it('reports F1_floor (mean over cases of the worst record) only when the median case has at least 2 records', () => {
    // Records per case 1, 2, 3: median 2. Minima: A001 0.9, A002 0.2, A003 0.1 -> mean 0.4.
    const enough = [f1('A001', 0.9), f1('A002', 0.2), f1('A002-1', 0.8), f1('A003', 0.5), f1('A003-1', 0.1), f1('A003-2', 0.6)];
    expect(aggregateModel('m', enough, { bootstrap: 10 }).metrics.F1_floor!.mean).toBeCloseTo(0.4, 12);
    // Records per case 1, 1, 3: median 1, so no floor.
    const few = [f1('A001', 0.9), f1('A002', 0.2), f1('A003', 0.5), f1('A003-1', 0.1), f1('A003-2', 0.6)];
    expect(aggregateModel('m', few, { bootstrap: 10 }).metrics.F1_floor).toBeNull();
  });
});

describe('aggregateModel: the stratified cluster bootstrap', () => {
  it('takes the stratum from the letters of the case id and pools strata of fewer than 3 cases into _other', () => {
    expect([stratumOf('Card001'), stratumOf('GI002'), stratumOf('001')]).toEqual(['Card', 'GI', '_other']);
    // Card keeps its 3 cases; Pulm (2) and GI (1) are pooled, after the strata that stay.
    expect(strataOf(['Pulm001', 'Card001', 'Card002', 'GI001', 'Pulm002', 'Card003'])).toEqual([[1, 2, 5], [0, 4, 3]]);
    // A case without letters is in _other from the start: a large _other keeps its place and takes the
    // pooled cases; a small one is pooled itself, at the end (as the public scorer's dict does).
    expect(strataOf(['001', '002', '003', 'Card001', 'Card002', 'Card003', 'GI001'])).toEqual([[0, 1, 2, 6], [3, 4, 5]]);
    expect(strataOf(['001', 'Card001', 'Card002', 'Card003', 'GI001'])).toEqual([[1, 2, 3], [0, 4]]);
  });

  it('resamples within strata: strata that are constant inside give a zero-width interval', () => {
    // Every replicate draws 3 Card cases (all 1) and 3 Pulm cases (all 0): the mean is always 0.5.
    const model = aggregateModel('m', ['Card001', 'Card002', 'Card003', 'Pulm001', 'Pulm002', 'Pulm003'].map((id) => f1(id, id.startsWith('Card') ? 1 : 0)));
    expect(model.metrics.F1_weighted).toEqual({ mean: 0.5, ci: 0, ci_lo: 0.5, ci_hi: 0.5, n: 6 });
  });

  it('pools small strata: a pooled Pulm (0, 0) + GI (1) stratum varies, so the interval has width', () => {
    // Unpooled, Pulm and GI would each be constant and the width 0. Pooled {0, 0, 1}: a replicate's
    // mean is (3 + k) / 6 with k ~ Binomial(3, 1/3) ones drawn: 0.5 with probability 8/27 > 2.5%,
    // 1 with probability 1/27 > 2.5%, so the bounds are 0.5 and 1 (numpy's linear percentile).
    const ids = ['Card001', 'Card002', 'Card003', 'Pulm001', 'Pulm002', 'GI001'];
    const model = aggregateModel('m', ids.map((id) => f1(id, id.startsWith('Pulm') ? 0 : 1)), { bootstrap: 2000 });
    expect(model.metrics.F1_weighted!.mean).toBeCloseTo(4 / 6, 12);
    expect(model.metrics.F1_weighted!.ci_lo).toBeCloseTo(0.5, 12);
    expect(model.metrics.F1_weighted!.ci_hi).toBeCloseTo(1, 12);
    expect(model.metrics.F1_weighted!.ci).toBeCloseTo(0.25, 12);
  });

  it('gives the same interval for the same seed and another for another seed', () => {
    const records = Array.from({ length: 12 }, (_, i) => f1(`Card${String(i).padStart(3, '0')}`, (i * 7919) % 13 / 13));
    const a = aggregateModel('m', records, { bootstrap: 500, seed: 1 }).metrics.F1_weighted!;
    const b = aggregateModel('m', records, { bootstrap: 500, seed: 1 }).metrics.F1_weighted!;
    const c = aggregateModel('m', records, { bootstrap: 500, seed: 2 }).metrics.F1_weighted!;
    expect(b).toEqual(a);
    expect(c.mean).toBe(a.mean);
    expect([c.ci_lo, c.ci_hi]).not.toEqual([a.ci_lo, a.ci_hi]);
    expect(a.ci_lo).toBeLessThan(a.mean);
    expect(a.ci_hi).toBeGreaterThan(a.mean);
  });

  it('draws once per replicate for all metrics on the same cases: two metrics with the same values get the same bounds', () => {
    const records = Array.from({ length: 9 }, (_, i) => score(`GI00${i}`, { F1_raw: i / 8, Recall_raw: i / 8, F1_weighted: (8 - i) / 8 }));
    const m = aggregateModel('m', records, { bootstrap: 300 }).metrics;
    expect(m.Recall_raw).toEqual(m.F1_raw);
    // Mirrored values under the same draws give mirrored bounds: lo(1 - x) = 1 - hi(x).
    expect(m.F1_weighted!.ci_lo).toBeCloseTo(1 - m.F1_raw!.ci_hi, 12);
  });

  it('with one case, the interval is the point', () => {
    expect(aggregateModel('m', [f1('A001', 0.3), f1('A001-1', 0.5)]).metrics.F1_weighted).toEqual({ mean: 0.4, ci: 0, ci_lo: 0.4, ci_hi: 0.4, n: 1 });
  });

  it('refuses a replicate count below 1', () => {
    expect(() => aggregateModel('m', [f1('A001', 1)], { bootstrap: 0 })).toThrow(/positive integer/);
  });
});

describe('percentiles', () => {
  it("interpolate linearly between ranks like numpy's default", () => {
    // np.percentile([1, 2, 3, 4], 2.5) = 1 + 0.075 = 1.075; 97.5 -> 3 + 0.925 = 3.925.
    expect(percentileSorted([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
    expect(percentileSorted([1, 2, 3, 4], 0.975)).toBeCloseTo(3.925, 12);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});
