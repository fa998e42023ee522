import 'server-only';
import { randomUUID } from 'node:crypto';
import { getDb, toAppError } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { SaveRatingInput, SubmitRatingInput } from '@/lib/ratings/schema';

/**
 * applied: this save changed the score. duplicate: a retry of a save already received (nothing
 * changed twice). stale: a newer score for the option had already been given (kept in the save
 * log, not applied).
 */
export type SaveOutcome = 'applied' | 'duplicate' | 'stale';

export type SaveRatingResult = {
  outcome: SaveOutcome;
  optionId: string;
  /** The option's score after this save (null: no score). */
  score: number | null;
  rated: number;
  total: number;
  completed: boolean;
  submitted: boolean;
};

type Row = { outcome: string; score: number | null; rated: number; total: number; status: string | null; submitted: boolean };

/** Runs one parameterised statement and returns its rows: Prisma by default, a `pg` pool in the lean save handler. */
export type SaveQuery = (sql: string, params: unknown[]) => Promise<Row[]>;

const SAVE_SQL = 'SELECT * FROM primum_save_rating($1, $2, $3::integer, $4::uuid, $5::timestamptz, $6::integer)';
// From a browser session: the session must still be current (sign-out and deactivation end it).
const SAVE_IN_SESSION_SQL = 'SELECT * FROM primum_save_rating_in_session($1, $2::integer, $3, $4::integer, $5::uuid, $6::timestamptz, $7::integer)';

const prismaQuery: SaveQuery = (sql, params) => getDb().$queryRawUnsafe<Row[]>(sql, ...params);

/**
 * Save (or clear) one score in one round trip: `primum_save_rating` checks the physician is active
 * and assigned, applies each client id once and only the newest score given, writes the rating
 * (history and live NOTIFY come from triggers) and returns the case progress. A locked case is
 * refused by the lock trigger. `query` is how the statement reaches the database (Prisma unless
 * the caller has a pool of its own); the answer and the errors are the same either way.
 */
export async function saveRating(options: { userId: string; sessionVersion?: number } & SaveRatingInput, query: SaveQuery = prismaQuery): Promise<SaveRatingResult> {
  const { userId, sessionVersion, clientId, optionId, score, givenAt, activeMs } = options;
  const given = new Date(givenAt);
  let rows: Row[];
  try {
    rows = sessionVersion === undefined
      ? await query(SAVE_SQL, [userId, optionId, score, clientId, given, activeMs])
      : await query(SAVE_IN_SESSION_SQL, [userId, sessionVersion, optionId, score, clientId, given, activeMs]);
  } catch (error) {
    const mapped = toAppError(error);
    if (mapped instanceof Error && mapped.message.includes('was already used for another option')) {
      throw new AppError('CONFLICT', 'This save id was already used for another option.');
    }
    throw mapped;
  }
  const row = rows[0];
  if (row.outcome === 'inactive') throw new AppError('UNAUTHENTICATED', 'Please sign in again.');
  if (row.outcome === 'not_assigned') throw new AppError('NOT_FOUND', 'This option is not in a case assigned to you.');
  return {
    outcome: row.outcome as SaveOutcome,
    optionId,
    score: row.score,
    rated: row.rated,
    total: row.total,
    completed: row.status === 'COMPLETED',
    submitted: row.submitted,
  };
}

export type SubmitRatingResult = { optionId: string; score: number; rated: number; total: number; completed: boolean };

/** Save one score now (CLI, seeds and tests): a save with a fresh id, given at this moment. */
export async function submitRating(options: { user: { id: string } } & SubmitRatingInput): Promise<SubmitRatingResult> {
  const result = await saveRating({ userId: options.user.id, clientId: randomUUID(), optionId: options.optionId, score: options.score, givenAt: Date.now(), activeMs: 0 });
  return { optionId: result.optionId, score: options.score, rated: result.rated, total: result.total, completed: result.completed };
}
