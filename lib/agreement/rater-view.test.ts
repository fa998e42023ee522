import { describe, expect, it } from 'vitest';
import { computeBreakdowns, type BreakdownRow } from './breakdowns';
import { cohenKappaPairs } from './cohen';
import { COEFFICIENTS, coefficientContext, evaluateCoefficients, ordinalAlpha } from './coefficients';
import { krippendorffAlpha } from './measures';
import { mulberry32 } from './prng';
import { RATER_CI_FIELDS, type RaterCiField } from './rater-bootstrap';
import type { RaterAgreement } from './rater-view';
import { clusteredRatings } from './reference-data';
import type { Interval, Rating } from './types';
import { weightSet } from './weights';

const NINE = [1, 2, 3, 4, 5, 6, 7, 8, 9];

const asRows = (ratings: readonly Rating[]): BreakdownRow[] => ratings.map((r) => ({ ...r, groups: { case: r.cluster ?? r.item } }));

const ratersOf = (ratings: readonly Rating[], bootstrap: number, seed = 1) =>
  new Map(computeBreakdowns(asRows(ratings), { domain: NINE, bootstrap, seed, dimensions: [] }).raters.map((r) => [r.rater, r]));

/**
 * The clustered reference set plus two raters the conventions single out: "solo" shares three
 * options, all in Card003 (one cluster: resamples options); "single" shares one option (nothing to resample).
 */
function withEdgeRaters(): Rating[] {
  return [
    ...clusteredRatings(),
    { item: 'Card003-1', rater: 'solo', value: 7, cluster: 'Card003' },
    { item: 'Card003-3', rater: 'solo', value: 9, cluster: 'Card003' },
    { item: 'Card003-4', rater: 'solo', value: 3, cluster: 'Card003' },
    { item: 'Card005-3', rater: 'single', value: 1, cluster: 'Card005' },
  ];
}

/** NOHARM-like: cases rated by a fixed panel of three from a small pool, one lenient and one noisy rater. */
function synthetic(seed: number, cases = 30): Rating[] {
  const random = mulberry32(seed);
  const raters = ['a', 'b', 'c', 'd', 'e', 'f'];
  const bias: Record<string, number> = { a: 0, b: 0, c: 1, d: 0, e: 0, f: 0 };
  const ratings: Rating[] = [];
  for (let c = 0; c < cases; c++) {
    const panel = [raters[c % 6], raters[(c + 1) % 6], raters[(c + 3) % 6]];
    for (let o = 0; o < 8; o++) {
      const truth = [1, 2, 3, 5, 7, 8, 8, 9, 9, 9][Math.floor(random() * 10)];
      for (const rater of panel) {
        const spread = rater === 'f' ? 5 : 2;
        const value = Math.round(truth + bias[rater] + (random() - 0.5) * spread);
        ratings.push({ item: `c${c}-o${o}`, rater, value: Math.min(9, Math.max(1, value)), cluster: `c${c}` });
      }
    }
  }
  return ratings;
}

/** Type 7 percentile and the >5%-undefined rule, written out again rather than imported. */
function percentileInterval(replicates: number[], level = 0.95): Interval | null {
  const defined = replicates.filter((x) => !Number.isNaN(x)).sort((x, y) => x - y);
  if (defined.length < Math.ceil(replicates.length * level - 1e-9)) return null;
  const at = (p: number) => {
    const h = (defined.length - 1) * p;
    const low = Math.floor(h);
    return low + 1 >= defined.length ? defined[low] : defined[low] + (h - low) * (defined[low + 1] - defined[low]);
  };
  return { lower: at((1 - level) / 2), upper: at(1 - (1 - level) / 2) };
}

/**
 * Independent replication of one rater's bootstrap: draw the rater's cases (or options, with a single
 * case) with the same PRNG stream, copy their raw ratings into a new data set, and recompute every
 * figure from the public functions on those ratings.
 */
function bruteForce(ratings: readonly Rating[], rater: string, replicates: number, seed: number): Record<RaterCiField, Interval | null> | null {
  const byItem = new Map<string, Rating[]>();
  for (const r of ratings) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r]);
  const shared = [...byItem.values()].filter((rs) => rs.length >= 2 && rs.some((r) => r.rater === rater));
  const clusterOrder = [...new Set(ratings.map((r) => r.cluster!))].filter((c) => shared.some((rs) => rs[0].cluster === c));
  const units = clusterOrder.length >= 2 ? clusterOrder.map((c) => shared.filter((rs) => rs[0].cluster === c)) : shared.map((rs) => [rs]);
  if (units.length < 2) return null;

  const random = mulberry32(seed);
  const columns: Record<RaterCiField, number[]> = { alpha_with: [], alpha_without: [], alpha_change: [], cohen_quadratic_mean: [], mean_offset: [] };
  const orNaN = (x: number | null) => x ?? NaN;
  for (let b = 0; b < replicates; b++) {
    const sample: Rating[] = [];
    for (let i = 0; i < units.length; i++) {
      const unit = units[Math.floor(random() * units.length)];
      for (const rs of unit) for (const r of rs) sample.push({ item: `${r.item}#${i}`, rater: r.rater, value: r.value });
    }
    const alphaWith = orNaN(krippendorffAlpha(sample, 'ordinal', { domain: NINE }).value);
    const alphaWithout = orNaN(krippendorffAlpha(sample.filter((r) => r.rater !== rater), 'ordinal', { domain: NINE }).value);
    const pairs = cohenKappaPairs(sample, { domain: NINE }).filter((p) => (p.a === rater || p.b === rater) && p.quadratic !== null);
    const weight = pairs.reduce((s, p) => s + p.n, 0);
    const offsets = [...new Set(sample.map((r) => r.item))].map((item) => {
      const panel = sample.filter((r) => r.item === item);
      const own = panel.find((r) => r.rater === rater)!.value;
      return own - (panel.reduce((s, r) => s + r.value, 0) - own) / (panel.length - 1);
    });
    columns.alpha_with.push(alphaWith);
    columns.alpha_without.push(alphaWithout);
    columns.alpha_change.push(alphaWith - alphaWithout);
    columns.cohen_quadratic_mean.push(weight > 0 ? pairs.reduce((s, p) => s + p.n * p.quadratic!, 0) / weight : NaN);
    columns.mean_offset.push(offsets.reduce((s, x) => s + x, 0) / offsets.length);
  }
  return Object.fromEntries(RATER_CI_FIELDS.map((f) => [f, percentileInterval(columns[f])])) as Record<RaterCiField, Interval | null>;
}

function expectInterval(actual: Interval | null, expected: Interval | null) {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(Math.abs(actual!.lower - expected.lower)).toBeLessThan(1e-9);
  expect(Math.abs(actual!.upper - expected.upper)).toBeLessThan(1e-9);
}

describe('per-rater bootstrap intervals', () => {
  it('reproduces an independent replication that recomputes every replicate from resampled ratings', () => {
    const ratings = withEdgeRaters();
    const raters = ratersOf(ratings, 60, 11);
    let compared = 0;
    for (const [id, r] of raters) {
      const expected = bruteForce(ratings, id, 60, 11);
      if (expected === null) {
        expect(r.ci).toBeNull();
        continue;
      }
      for (const field of RATER_CI_FIELDS) {
        // A null figure gets no interval; otherwise the same interval (or the same withholding).
        if (r[field] === null) expect(r.ci![field]).toBeNull();
        else expectInterval(r.ci![field], expected[field]);
        if (r.ci![field] !== null) compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('gives the same intervals for the same seed and different ones for another seed', () => {
    const ratings = synthetic(3);
    const first = [...ratersOf(ratings, 200, 42).values()].map((r) => r.ci);
    expect([...ratersOf(ratings, 200, 42).values()].map((r) => r.ci)).toEqual(first);
    const other = [...ratersOf(ratings, 200, 43).values()].map((r) => r.ci);
    expect(other[0]?.alpha_with).not.toEqual(first[0]?.alpha_with);
  });

  it('contains each point estimate on a reasonable data set, and records how it resampled', () => {
    for (const r of ratersOf(synthetic(5), 500).values()) {
      expect(r.ci).toMatchObject({ level: 0.95, replicates: 500, seed: 1, resampled: 'clusters', units: 15 });
      expect(r.notes).toEqual({});
      for (const field of RATER_CI_FIELDS) {
        const [point, interval] = [r[field]!, r.ci![field]!];
        expect(interval.lower).toBeLessThan(point);
        expect(interval.upper).toBeGreaterThan(point);
      }
    }
  });

  it('pairs alpha with and without the rater: the change can exclude 0 while the two intervals overlap', () => {
    const r = ratersOf(synthetic(5), 1000).get('f')!;
    const { alpha_with: withRater, alpha_without: without, alpha_change: change } = r.ci!;
    // Unpaired, the two intervals overlap and their difference would allow a change of zero ...
    expect(withRater!.upper).toBeGreaterThan(without!.lower);
    expect(withRater!.lower - without!.upper).toBeLessThan(0);
    expect(withRater!.upper - without!.lower).toBeGreaterThan(0);
    // ... but resample by resample the panel agrees better without the noisy rater.
    expect(change!.upper).toBeLessThan(0);
    expect(change!.upper - change!.lower).toBeLessThan(Math.min(withRater!.upper - withRater!.lower, without!.upper - without!.lower));
  });

  it('is off with bootstrap 0', () => {
    for (const r of ratersOf(withEdgeRaters(), 0).values()) {
      expect(r.ci).toBeNull();
      expect(r.notes).toEqual({});
    }
  });

  it('resamples options for a rater with a single shared case, and explains a rater with nothing to resample', () => {
    const raters = ratersOf(withEdgeRaters(), 100);
    expect(raters.get('solo')!.ci).toMatchObject({ resampled: 'items', units: 3 });
    expect(raters.get('dr1')!.ci).toMatchObject({ resampled: 'clusters', units: 8 });
    const single = raters.get('single')!;
    expect(single.items).toBe(1);
    expect(single.ci).toBeNull();
    expect(single.notes).toEqual({ ci: 'fewer than two clusters or items to resample' });
  });

  it('withholds an interval undefined in more than 5% of replicates, with a note, and keeps the others', () => {
    // Only one of 20 cases varies: about a third of the resamples miss it and have no variation.
    const ratings = Array.from({ length: 20 }, (_, c) =>
      ['x', 'y', 'z'].map((rater, j) => ({ item: `o${c}`, rater, value: c === 0 ? 2 + 3 * j : 8, cluster: `c${c}` })),
    ).flat();
    const x = ratersOf(ratings, 200, 5).get('x')!;
    expect(x.alpha_with).not.toBeNull();
    expect(x.ci?.alpha_with).toBeNull();
    expect(x.ci?.alpha_change).toBeNull();
    expect(x.notes['ci.alpha_with']).toMatch(/^undefined in \d+ of 200 bootstrap replicates$/);
    expect(x.ci?.mean_offset).not.toBeNull();
  });

  it('keeps the existing per-rater fields and adds ci and notes', () => {
    const r: RaterAgreement = ratersOf(clusteredRatings(), 50).get('dr1')!;
    expect(Object.keys(r)).toEqual([
      'rater', 'items', 'co_raters', 'alpha_with', 'alpha_without', 'alpha_change', 'cohen_quadratic_mean', 'mean_score', 'mean_offset', 'ci', 'notes',
    ]);
  });
});

describe('ordinalAlpha', () => {
  it('gives bit for bit the ordinal alpha of evaluateCoefficients', () => {
    const ctx = coefficientContext(NINE, weightSet(NINE));
    const random = mulberry32(9);
    const out = new Float64Array(COEFFICIENTS.length);
    for (let trial = 0; trial < 200; trial++) {
      const v = new Float64Array(ctx.layout.width).map(() => (random() < 0.5 ? 0 : random() * 10));
      evaluateCoefficients(ctx, v, out);
      const expected = out[COEFFICIENTS.indexOf('alphaOrdinal')];
      expect(Object.is(ordinalAlpha(ctx, v), expected)).toBe(true);
    }
  });
});
