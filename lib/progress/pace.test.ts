import { describe, expect, it } from 'vitest';
import { addDays, estimateFinish, fillDays } from '@/lib/progress/pace';
import { findStalled } from '@/lib/progress/stalled';

describe('pace and finish estimate', () => {
  it('says "not enough data" when no rating was given', () => {
    const e = estimateFinish([], 120, '2026-11-30');
    expect(e.kind).toBe('no-data');
    expect(e.assumptions).toMatch(/not enough data/i);
    expect(estimateFinish([{ day: '2026-11-29', count: 0 }], 5, '2026-11-30').kind).toBe('no-data');
  });

  it('is done when nothing remains', () => {
    expect(estimateFinish([{ day: '2026-11-29', count: 3 }], 0, '2026-11-30').kind).toBe('done');
  });

  it('takes the mean over the last 7 active days only, and rounds days up', () => {
    const counts = [
      { day: '2026-11-01', count: 1000 }, // 8th active day back: ignored
      ...[2, 3, 5, 8, 9, 10, 12].map((d) => ({ day: `2026-11-${String(d).padStart(2, '0')}`, count: 10 })),
      { day: '2026-11-04', count: 0 },
    ];
    const e = estimateFinish(counts, 25, '2026-11-30');
    expect(e.kind).toBe('estimate');
    if (e.kind !== 'estimate') return;
    expect(e.perDay).toBe(10);
    expect(e.activeDays).toBe(7);
    expect(e.daysLeft).toBe(3);
    expect(e.finishDay).toBe('2026-12-03');
    expect(e.assumptions).toMatch(/last 7 days with ratings, 10 ratings\/day/);
    expect(e.assumptions).toMatch(/every day/);
  });

  it('works from a single active day', () => {
    const e = estimateFinish([{ day: '2026-11-30', count: 4 }], 10, '2026-11-30');
    expect(e).toMatchObject({ kind: 'estimate', perDay: 4, activeDays: 1, daysLeft: 3, finishDay: '2026-12-03' });
  });

  it('fills missing days with 0 up to today, and crosses month ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(fillDays([{ day: '2026-11-28', count: 2 }, { day: '2026-11-30', count: 5 }], '2026-12-01')).toEqual([
      { day: '2026-11-28', count: 2 },
      { day: '2026-11-29', count: 0 },
      { day: '2026-11-30', count: 5 },
      { day: '2026-12-01', count: 0 },
    ]);
    expect(fillDays([], '2026-12-01')).toEqual([]);
    expect(fillDays([{ day: '2026-01-01', count: 1 }], '2026-12-01', 3).map((d) => d.day)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
  });
});

describe('stalled assignments', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

  it('finds not-started and not-touched open assignments at N days, not before', () => {
    const stalled = findStalled(
      [
        { id: 'a', status: 'ASSIGNED', assignedAt: daysAgo(7), lastActivityAt: null }, // not started, exactly 7
        { id: 'b', status: 'ASSIGNED', assignedAt: daysAgo(6.9), lastActivityAt: null }, // too recent
        { id: 'c', status: 'IN_PROGRESS', assignedAt: daysAgo(30), lastActivityAt: daysAgo(10) }, // not touched 10
        { id: 'd', status: 'IN_PROGRESS', assignedAt: daysAgo(30), lastActivityAt: daysAgo(1) }, // active
        { id: 'e', status: 'COMPLETED', assignedAt: daysAgo(30), lastActivityAt: daysAgo(20) }, // done: never stalled
        { id: 'f', status: 'DECLINED', assignedAt: daysAgo(30), lastActivityAt: null },
      ],
      now,
      7,
    );
    expect(stalled.map((s) => [s.id, s.kind, s.days])).toEqual([
      ['c', 'not-touched', 10],
      ['a', 'not-started', 7],
    ]);
  });

  it('refuses a nonsense threshold', () => {
    expect(() => findStalled([], now, 0)).toThrow(/afterDays/);
  });
});
