import os from 'node:os';
import { z } from 'zod';
import { AppError } from '@/lib/errors';

/**
 * How many server processes `npm start` runs (PRIMUM_WORKERS). By default one per core but one, at
 * least 1 and at most 4: with the lean save handler a process spends ~0.5 ms of CPU per save and
 * PostgreSQL ~1.2-1.5 ms, so on a small host that also runs the database a core is better left to
 * it (bench:load, docs/benchmarks.md: on 2 cores one process saved 566-583/s, two 455-527/s).
 * Each process holds its own Next server (~150-250 MB) and database connections (Prisma's pool of
 * 10 and the save handler's pool of 10, opened as needed).
 */
export const MAX_DEFAULT_WORKERS = 4;

const workersSchema = z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(64, 'must be at most 64');

export function defaultWorkerCount(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(cores - 1, MAX_DEFAULT_WORKERS));
}

/** PRIMUM_WORKERS, or the default; a bad value stops the start with one sentence. */
export function readWorkerCount(env: Record<string, string | undefined> = process.env): number {
  const value = env.PRIMUM_WORKERS;
  if (value === undefined || value === '') return defaultWorkerCount();
  const parsed = workersSchema.safeParse(value);
  if (!parsed.success) throw new AppError('CONFIG', `invalid configuration: PRIMUM_WORKERS ${parsed.error.issues[0].message} (the number of server processes; default: one per core but one, at most ${MAX_DEFAULT_WORKERS})`);
  return parsed.data;
}
