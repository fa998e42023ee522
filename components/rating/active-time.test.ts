import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActiveTime, IDLE_AFTER_MS } from '@/components/rating/active-time';

describe('active time per option', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 10, 30, 9, 0, 0));
  });
  afterEach(() => vi.useRealTimers());

  it('counts the time an option had the focus, and starts afresh once taken', () => {
    const clock = new ActiveTime();
    clock.focus('a');
    vi.advanceTimersByTime(4_000);
    clock.activity();
    vi.advanceTimersByTime(1_500);
    clock.focus('b');
    vi.advanceTimersByTime(2_000);
    expect(clock.take('a')).toBe(5_500);
    expect(clock.take('a')).toBe(0);
    expect(clock.take('b')).toBe(2_000);
  });

  it('stops the clock 60 s after the last activity, and restarts it on the next', () => {
    const clock = new ActiveTime();
    clock.focus('a');
    vi.advanceTimersByTime(5 * 60_000);
    expect(clock.take('a')).toBe(IDLE_AFTER_MS);
    clock.activity();
    vi.advanceTimersByTime(3_000);
    expect(clock.take('a')).toBe(3_000);
  });

  it('does not count while the page is hidden', () => {
    const clock = new ActiveTime();
    clock.focus('a');
    vi.advanceTimersByTime(1_000);
    clock.visibility(false);
    vi.advanceTimersByTime(30_000);
    clock.visibility(true);
    vi.advanceTimersByTime(2_000);
    expect(clock.take('a')).toBe(3_000);
  });
});
