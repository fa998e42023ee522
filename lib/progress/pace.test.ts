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

  it('divides by the calendar days of the window (quiet days included), not by days with ratings', () => {
    // 70 ratings every Saturday for six weeks, nothing on other days; today is Wednesday 2026-11-25.
    const saturdays = ['2026-10-17', '2026-10-24', '2026-10-31', '2026-11-07', '2026-11-14', '2026-11-21'];
    const counts = saturdays.map((day) => ({ day, count: 70 }));
    const e = estimateFinish(counts, 100, '2026-11-25');
    expect(e.kind).toBe('estimate');
    if (e.kind !== 'estimate') return;
    // The last 14 days (11-12 .. 11-25) hold two Saturdays: 140 / 14 = 10 a day (per active day it would say 70).
    expect(e).toMatchObject({ perDay: 10, windowDays: 14, windowStart: '2026-11-12', daysLeft: 10, finishDay: '2026-12-05' });
    expect(e.assumptions).toMatch(/140 ratings over the last 14 calendar days \(today included, days without ratings counted too\): 10 ratings\/day/);
  });

  it('ignores ratings before the window and rounds days up', () => {
    const counts = [
      { day: '2026-11-01', count: 1000 }, // before the 14-day window: ignored
      ...[17, 20, 23, 26, 29].map((d) => ({ day: `2026-11-${d}`, count: 7 })),
    ];
    const e = estimateFinish(counts, 25, '2026-11-30');
    expect(e).toMatchObject({ kind: 'estimate', perDay: 35 / 14, windowDays: 14, daysLeft: 10, finishDay: '2026-12-10' });
  });

  it('a young project: from its first rating to today, not the whole window', () => {
    const e = estimateFinish([{ day: '2026-11-28', count: 9 }], 10, '2026-11-30');
    expect(e).toMatchObject({ kind: 'estimate', perDay: 3, windowDays: 3, windowStart: '2026-11-28', daysLeft: 4, finishDay: '2026-12-04' });
    expect(e.assumptions).toMatch(/the 3 calendar days since the first rating/);
  });

  it('works from a single day (today)', () => {
    const e = estimateFinish([{ day: '2026-11-30', count: 4 }], 10, '2026-11-30');
    expect(e).toMatchObject({ kind: 'estimate', perDay: 4, windowDays: 1, daysLeft: 3, finishDay: '2026-12-03' });
  });

  it('says "not enough data" when nothing was rated in the window', () => {
    const e = estimateFinish([{ day: '2026-10-01', count: 50 }], 10, '2026-11-30');
    expect(e.kind).toBe('no-data');
    expect(e.assumptions).toMatch(/not enough data: no ratings in the last 14 days/i);
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
