import { mulberry32 } from '@/lib/agreement/prng';

/**
 * Which judged records go to human review, and to whom (pure). Sampling is stratified by case: a
 * model's N is spread over its cases as evenly as their records allow, and the records inside a case
 * are drawn at random; the seed fixes every draw. Physicians are then chosen per review with the
 * lightest load first (existing open reviews counted), ties broken by a seeded shuffle.
 */

export type Candidate = { recordDbId: string; modelId: string; caseDbId: string; caseId: string };

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Quotas per case summing to min(n, capacity): every case gets floor(n / cases) (capped by what it
 * has), the remainder goes one each to cases in `order`; what a small case cannot take moves on to
 * the others, round by round.
 */
export function caseQuotas(capacity: ReadonlyMap<string, number>, n: number, order: readonly string[]): Map<string, number> {
  const quota = new Map(order.map((c) => [c, 0]));
  let left = Math.min(n, [...capacity.values()].reduce((a, b) => a + b, 0));
  while (left > 0) {
    const open = order.filter((c) => quota.get(c)! < capacity.get(c)!);
    const share = Math.floor(left / open.length);
    if (share > 0) {
      for (const c of open) {
        const take = Math.min(share, capacity.get(c)! - quota.get(c)!);
        quota.set(c, quota.get(c)! + take);
        left -= take;
      }
    } else {
      for (const c of open.slice(0, left)) quota.set(c, quota.get(c)! + 1);
      left = 0;
    }
  }
  return quota;
}

/** Up to `perModel` records of each model, spread over its cases; never a record in `taken`. */
export function sampleRecords(candidates: readonly Candidate[], options: { perModel: number; seed: number; taken?: ReadonlySet<string> }): Candidate[] {
  const random = mulberry32(options.seed);
  const byModel = new Map<string, Map<string, Candidate[]>>();
  for (const c of candidates) {
    if (options.taken?.has(c.recordDbId)) continue;
    const cases = byModel.get(c.modelId) ?? new Map<string, Candidate[]>();
    cases.set(c.caseId, [...(cases.get(c.caseId) ?? []), c]);
    byModel.set(c.modelId, cases);
  }
  const chosen: Candidate[] = [];
  for (const modelId of [...byModel.keys()].sort()) {
    const cases = byModel.get(modelId)!;
    const order = shuffled([...cases.keys()].sort(), random);
    const quotas = caseQuotas(new Map([...cases].map(([c, list]) => [c, list.length])), options.perModel, order);
    for (const caseId of [...cases.keys()].sort()) {
      const records = [...cases.get(caseId)!].sort((a, b) => a.recordDbId.localeCompare(b.recordDbId));
      chosen.push(...shuffled(records, random).slice(0, quotas.get(caseId)!));
    }
  }
  return chosen;
}

export type ReviewerPick = { reviewIndex: number; userIds: string[] };

/**
 * k physicians per review from those eligible for its case, lightest load first (load = open
 * reviews already held + those given in this run). Reviews with fewer than k eligible physicians
 * get none (the caller leaves them out).
 */
export function assignReviewers(
  reviews: ReadonlyArray<{ eligible: readonly string[] }>,
  options: { k: number; seed: number; load?: ReadonlyMap<string, number> },
): ReviewerPick[] {
  const random = mulberry32(options.seed ^ 0x5bd1e995);
  const load = new Map(options.load ?? []);
  return reviews.map((review, reviewIndex) => {
    if (review.eligible.length < options.k) return { reviewIndex, userIds: [] };
    const tie = new Map(review.eligible.map((id) => [id, random()]));
    const userIds = [...review.eligible]
      .sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || tie.get(a)! - tie.get(b)! || a.localeCompare(b))
      .slice(0, options.k);
    for (const id of userIds) load.set(id, (load.get(id) ?? 0) + 1);
    return { reviewIndex, userIds };
  });
}
