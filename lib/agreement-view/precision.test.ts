import { describe, expect, it } from 'vitest';
import { FEW_OPTIONS, imprecisionOf, WIDE_INTERVAL } from './precision';

describe('marking coefficients too imprecise to read', () => {
  it('marks a figure over too few options, even with a narrow interval ("alpha -0.200 over 2 options")', () => {
    expect(imprecisionOf(-0.2, { lower: -0.25, upper: -0.15 }, 2)).toEqual({ kind: 'few', text: 'only 2 options' });
    expect(imprecisionOf(0.5, { lower: 0.45, upper: 0.55 }, 1)?.text).toBe('only 1 option');
  });

  it('marks an interval wider than the threshold, and not one at or under it', () => {
    expect(imprecisionOf(0.5, { lower: 0.2, upper: 0.2 + WIDE_INTERVAL + 0.01 }, 40)).toEqual({ kind: 'wide', text: 'interval 0.41 wide' });
    expect(imprecisionOf(0.5, { lower: 0.3, upper: 0.7 }, 40)).toBeNull();
    expect(imprecisionOf(0.5, { lower: 0.3, upper: 0.7 }, FEW_OPTIONS)).toBeNull();
  });

  it('marks a defined figure with no interval, and leaves undefined figures alone', () => {
    expect(imprecisionOf(0.5, null, 40)?.kind).toBe('no-interval');
    expect(imprecisionOf(null, null, 1)).toBeNull();
  });
});
