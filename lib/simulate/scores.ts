import { mulberry32 } from '@/lib/agreement/prng';

/** Category priors for options without a reference score (rough NOHARM averages). */
const CATEGORY_PRIOR: Record<string, number> = { Diagnostic: 5, Medication: 4.5, Counseling: 5, Procedure: 4, 'Follow-up': 6 };

export type ScoreModel = { raterBias(raterKey: string): number; score(base: number, bias: number): number };

function normal(random: () => number): number {
  // Box-Muller; 1 - random() avoids log(0).
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Plausible simulated ratings: the option's reference (or category prior) plus a per-rater bias
 * and noise, with an occasional strong dissent so that agreement is realistic, not perfect.
 */
export function createScoreModel(seed: number): ScoreModel {
  const random = mulberry32(seed);
  const biases = new Map<string, number>();
  return {
    raterBias(raterKey) {
      if (!biases.has(raterKey)) biases.set(raterKey, normal(random) * 0.4);
      return biases.get(raterKey)!;
    },
    score(base, bias) {
      const dissent = random() < 0.05 ? (random() < 0.5 ? -3 : 3) : 0;
      const value = Math.round(base + bias + normal(random) * 0.8 + dissent);
      return Math.min(9, Math.max(1, value));
    },
  };
}

export function baseScore(option: { referenceScore: number | null; category: string }): number {
  return option.referenceScore ?? CATEGORY_PRIOR[option.category] ?? 5;
}
