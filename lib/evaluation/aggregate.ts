import { AppError } from '@/lib/errors';
import { mulberry32 } from '@/lib/agreement/prng';
import { RECORD_METRICS, type AggregateOptions, type Estimate, type ModelMetric, type ModelScore, type RecordScore } from './types';
// numpy's default percentile (linear interpolation between closest ranks), as the public scorer uses.
import { median, percentileSorted } from '@/lib/agreement/item-analysis';

/**
 * A model's figures (MODEL-EVAL.md "Per model"): per base case the mean over its records, then the
 * unweighted mean over cases, with a 95% stratified cluster bootstrap interval (the case is the
 * sampling unit; the stratum is the specialty prefix of its id).
 */

export const DEFAULT_BOOTSTRAP = 2000;
export const DEFAULT_EVAL_SEED = 0;
/** Strata with fewer cases than this are pooled into `_other`, so no stratum resamples one or two cases. */
export const MIN_STRATUM_CASES = 3;
/** F1_floor (worst record per case) is reported only when the median case has at least this many records. */
export const MIN_RECORDS_FOR_FLOOR = 2;

/** The letters that start a case id (`Card001` -> `Card`); `_other` when it starts with none. */
export function stratumOf(caseId: string): string {
  return /^[A-Za-z]+/.exec(caseId)?.[0] ?? '_other';
}

/** Strata as lists of positions into `caseIds`, small ones pooled into `_other` (the public scorer's order). */
export function strataOf(caseIds: readonly string[]): number[][] {
  const strata = new Map<string, number[]>();
  caseIds.forEach((id, position) => {
    const key = stratumOf(id);
    const members = strata.get(key);
    if (members) members.push(position);
    else strata.set(key, [position]);
  });
  const pooled: number[] = [];
  for (const [key, members] of [...strata]) {
    if (members.length >= MIN_STRATUM_CASES) continue;
    pooled.push(...members);
    strata.delete(key);
  }
  if (pooled.length > 0) strata.set('_other', [...(strata.get('_other') ?? []), ...pooled]);
  return [...strata.values()];
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * Bootstrap replicates of the mean for several metrics over the same cases: each replicate draws,
 * within each stratum, as many cases as it holds (with replacement), once for all the metrics.
 */
function replicateMeans(caseIds: readonly string[], series: readonly Float64Array[], replicates: number, seed: number): Float64Array[] {
  const strata = strataOf(caseIds);
  const random = mulberry32(seed);
  const n = caseIds.length;
  const drawn = new Int32Array(n);
  const out = series.map(() => new Float64Array(replicates));
  for (let b = 0; b < replicates; b++) {
    let at = 0;
    for (const members of strata) for (let k = 0; k < members.length; k++) drawn[at++] = members[Math.floor(random() * members.length)];
    for (let m = 0; m < series.length; m++) {
      const values = series[m];
      let sum = 0;
      for (let i = 0; i < n; i++) sum += values[drawn[i]];
      out[m][b] = sum / n;
    }
  }
  return out;
}

type CaseSeries = { metric: ModelMetric; caseIds: string[]; values: number[] };

function estimatesOf(group: readonly CaseSeries[], replicates: number, seed: number): Estimate[] {
  const caseIds = group[0].caseIds;
  const points = group.map((s) => mean(s.values));
  // One case: nothing to resample; the interval is the point (as the public scorer does).
  if (caseIds.length < 2) return points.map((point) => ({ mean: point, ci: 0, ci_lo: point, ci_hi: point, n: caseIds.length }));
  const boots = replicateMeans(caseIds, group.map((s) => Float64Array.from(s.values)), replicates, seed);
  return points.map((point, m) => {
    const sorted = boots[m].sort();
    const lo = percentileSorted(sorted, 0.025);
    const hi = percentileSorted(sorted, 0.975);
    return { mean: point, ci: (hi - lo) / 2, ci_lo: lo, ci_hi: hi, n: caseIds.length };
  });
}

/** Mean of case means per metric (undefined records left out), each with its interval. */
export function aggregateModel(model: string, scores: readonly RecordScore[], options: AggregateOptions = {}): ModelScore {
  const replicates = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  const seed = options.seed ?? DEFAULT_EVAL_SEED;
  if (!Number.isSafeInteger(replicates) || replicates < 1) throw new AppError('INVALID_INPUT', `bootstrap replicates must be a positive integer, got ${replicates}`);
  // The generator keeps 32 bits of its seed: a larger one would silently repeat a smaller one's draws.
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new AppError('INVALID_INPUT', `the seed must be an integer from 0 to 4294967295, got ${seed}`);
  const byCase = new Map<string, RecordScore[]>();
  for (const score of scores) {
    const list = byCase.get(score.caseId);
    if (list) list.push(score);
    else byCase.set(score.caseId, [score]);
  }
  const series: CaseSeries[] = [];
  const caseValues = (metric: ModelMetric, collapse: (values: number[]) => number, source: (typeof RECORD_METRICS)[number]) => {
    const caseIds: string[] = [];
    const values: number[] = [];
    for (const [caseId, records] of byCase) {
      const defined = records.map((r) => r.metrics[source]).filter((v): v is number => v !== null);
      if (defined.length === 0) continue;
      caseIds.push(caseId);
      values.push(collapse(defined));
    }
    if (caseIds.length > 0) series.push({ metric, caseIds, values });
  };
  for (const metric of RECORD_METRICS) caseValues(metric, mean, metric);
  const perCase = [...byCase.values()].map((records) => records.length);
  if (perCase.length > 0 && (median(perCase) ?? 0) >= MIN_RECORDS_FOR_FLOOR) caseValues('F1_floor', (values) => Math.min(...values), 'F1_weighted');

  // Metrics defined on the same cases share their draws (the public scorer reseeds per metric, which
  // gives the same draws for the same cases); a metric undefined on some cases gets its own.
  const groups = new Map<string, CaseSeries[]>();
  for (const s of series) {
    const key = s.caseIds.join('\u0000');
    const group = groups.get(key);
    if (group) group.push(s);
    else groups.set(key, [s]);
  }
  const metrics = Object.fromEntries([...RECORD_METRICS, 'F1_floor'].map((m) => [m, null])) as ModelScore['metrics'];
  for (const group of groups.values()) {
    const estimates = estimatesOf(group, replicates, seed);
    group.forEach((s, i) => (metrics[s.metric] = estimates[i]));
  }
  return { model, records: scores.length, cases: byCase.size, metrics };
}
