import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultWorkerCount, MAX_DEFAULT_WORKERS, readWorkerCount } from '@/lib/server/workers';

describe('PRIMUM_WORKERS', () => {
  it('defaults to one process per core but one (a core left to PostgreSQL), at least 1, at most a few', () => {
    const count = readWorkerCount({});
    const cores = os.availableParallelism();
    expect(count).toBe(cores <= 2 ? 1 : Math.min(cores - 1, MAX_DEFAULT_WORKERS));
    expect(readWorkerCount({ PRIMUM_WORKERS: '' })).toBe(count);
  });

  it('leaves a core to PostgreSQL and stays between 1 and MAX_DEFAULT_WORKERS on any machine', () => {
    expect([1, 2, 3, 4, 8, 16].map((cores) => defaultWorkerCount(cores))).toEqual([1, 1, 2, 3, MAX_DEFAULT_WORKERS, MAX_DEFAULT_WORKERS]);
  });

  it('takes a whole number and refuses anything else in one sentence', () => {
    expect(readWorkerCount({ PRIMUM_WORKERS: '3' })).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'many', '65']) {
      expect(() => readWorkerCount({ PRIMUM_WORKERS: bad })).toThrow(/^invalid configuration: PRIMUM_WORKERS /);
    }
  });
});
