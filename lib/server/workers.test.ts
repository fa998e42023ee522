import { describe, expect, it } from 'vitest';
import { MAX_DEFAULT_WORKERS, readWorkerCount } from '@/lib/server/workers';

describe('PRIMUM_WORKERS', () => {
  it('defaults to one process per core, at most a few', () => {
    const count = readWorkerCount({});
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(MAX_DEFAULT_WORKERS);
    expect(readWorkerCount({ PRIMUM_WORKERS: '' })).toBe(count);
  });

  it('takes a whole number and refuses anything else in one sentence', () => {
    expect(readWorkerCount({ PRIMUM_WORKERS: '3' })).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'many', '65']) {
      expect(() => readWorkerCount({ PRIMUM_WORKERS: bad })).toThrow(/^invalid configuration: PRIMUM_WORKERS /);
    }
  });
});
