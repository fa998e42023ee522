import { describe, expect, it } from 'vitest';
import { isCaseFullyRated, isCaseWaiting } from '@/lib/assignment/status';

const done = { status: 'COMPLETED' };
const open = { status: 'IN_PROGRESS' };

describe('case status', () => {
  it('is fully rated only with a full panel, every member done', () => {
    expect(isCaseFullyRated([done, done, done], 3)).toBe(true);
    expect(isCaseFullyRated([done, done, open], 3)).toBe(false);
    expect(isCaseFullyRated([done, done], 3)).toBe(false);
    expect(isCaseFullyRated([], 0)).toBe(true);
  });

  it('waits while the panel is short', () => {
    expect(isCaseWaiting([done, done], 3)).toBe(true);
    expect(isCaseWaiting([done, done, open], 3)).toBe(false);
  });
});
