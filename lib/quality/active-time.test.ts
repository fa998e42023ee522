import { describe, expect, it } from 'vitest';
import { activeTimePerOption } from '@/lib/quality/active-time';

describe('active time per option', () => {
  it('sums the applied, measured saves of each (physician, option)', () => {
    const result = activeTimePerOption([
      { userId: 'u1', optionId: 'o1', activeMs: 40_000, applied: true },
      { userId: 'u1', optionId: 'o1', activeMs: 1_200, applied: true }, // a correction: part of the same option's time
      { userId: 'u1', optionId: 'o1', activeMs: 9_999, applied: false }, // refused save: not counted
      { userId: 'u1', optionId: 'o2', activeMs: 0, applied: true }, // not measured: no time at all
      { userId: 'u2', optionId: 'o1', activeMs: 700, applied: true },
    ]);
    expect(result.sort((a, b) => a.userId.localeCompare(b.userId))).toEqual([
      { userId: 'u1', optionId: 'o1', activeMs: 41_200 },
      { userId: 'u2', optionId: 'o1', activeMs: 700 },
    ]);
  });
});
