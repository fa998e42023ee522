import { describe, expect, it } from 'vitest';
import { baseScore, createScoreModel } from '@/lib/simulate/scores';

function draw(seed: number) {
  const model = createScoreModel(seed);
  const bias = model.raterBias('rater-a');
  return Array.from({ length: 200 }, (_, i) => model.score(baseScore({ referenceScore: (i % 9) + 1, category: 'Diagnostic' }), bias));
}

describe('simulated scores', () => {
  it('are reproducible for a seed, differ across seeds, and stay on the 1-9 scale', () => {
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
    expect(draw(5).every((s) => Number.isInteger(s) && s >= 1 && s <= 9)).toBe(true);
  });

  it('follow the reference score: mean error well under two points', () => {
    const scores = draw(11);
    const error = scores.reduce((sum, s, i) => sum + Math.abs(s - ((i % 9) + 1)), 0) / scores.length;
    expect(error).toBeLessThan(2);
  });

  it('fall back to a category prior, then to 5, without a reference score', () => {
    expect(baseScore({ referenceScore: null, category: 'Procedure' })).toBe(4);
    expect(baseScore({ referenceScore: null, category: 'Something new' })).toBe(5);
    expect(baseScore({ referenceScore: 8, category: 'Procedure' })).toBe(8);
  });
});
