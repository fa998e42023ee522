import 'server-only';
import { randomUUID } from 'node:crypto';
import { getDb, toAppError } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log/logger';
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

type Row = { outcome: string; score: number | null; rated: number; total: number; status: string | null; submitted: boolean; project_id: string | null };

/** Runs one parameterised statement (its own transaction) and returns its rows: Prisma by default, a `pg` pool in the lean save handler. */
export type SaveQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

// One statement, one function (migration 20261202000100). With a session version, the session
// must still be current (sign-out and deactivation end it), and the live notification is sent
// after the commit (notifyAfterCommit, migration 20261201002000); without one (CLI, seeds), the
// rating's trigger notifies inside the transaction.
// The columns are named: a named statement's cached plan then survives a later change of the function's other columns.
const SAVE_SQL =
  'SELECT outcome, score, rated, total, status, submitted, project_id FROM primum_save_rating($1, $2::integer, $3, $4::integer, $5::uuid, $6::timestamptz, $7::integer, $8::boolean)';

const prismaQuery: SaveQuery = <T>(sql: string, params: unknown[]) => getDb().$queryRawUnsafe<T[]>(sql, ...params);

type Pending = { projects: Set<string>; sending: Promise<void> | null };
const pendingByQuery = new WeakMap<SaveQuery, Pending>();

/**
 * Tell live views that a project's ratings changed, once the save has committed: PostgreSQL
 * serialises the commits of notifying transactions, WAL flush included, so a NOTIFY inside each
 * save capped saves at one per flush. One notification transaction is in flight per connection
 * source; projects saved meanwhile are folded into the next one. A failed notification is tried
 * once more, then logged: the views catch up with the next change (a retried save notifies again).
 */
function notifyAfterCommit(query: SaveQuery, projectId: string): void {
  let pending = pendingByQuery.get(query);
  if (!pending) pendingByQuery.set(query, (pending = { projects: new Set(), sending: null }));
  pending.projects.add(projectId);
  if (pending.sending) return;
  const state = pending;
  state.sending = (async () => {
    while (state.projects.size > 0) {
      const projects = [...state.projects];
      state.projects.clear();
      for (let attempt = 1; attempt <= 2; attempt++) {
        try {
          await query('SELECT primum_notify_ratings($1::text[]) AS sent', [projects]);
          break;
        } catch (error) {
          if (attempt === 2) log.warn('live notification of saved ratings failed', { component: 'live' }, error);
        }
      }
    }
    state.sending = null;
  })();
}

/** Resolves once the live notifications of the saves answered through `query` are sent (a server stopping waits for them). */
export async function notificationsSent(query: SaveQuery): Promise<void> {
  await pendingByQuery.get(query)?.sending;
}

/**
 * Save (or clear) one score in one round trip: `primum_save_rating` checks the physician is active
 * and assigned, applies each client id once and only the newest score given, writes the rating
 * (history comes from a trigger, and so does the live NOTIFY except for saves from a session,
 * which notify after their commit) and returns the case progress. A locked case is
 * refused by the lock trigger. `query` is how the statement reaches the database (Prisma unless
 * the caller has a pool of its own); the answer and the errors are the same either way.
 */
export async function saveRating(options: { userId: string; sessionVersion?: number } & SaveRatingInput, query: SaveQuery = prismaQuery): Promise<SaveRatingResult> {
  const { userId, sessionVersion, clientId, optionId, score, givenAt, activeMs } = options;
  const given = new Date(givenAt);
  let rows: Row[];
  try {
    rows = await query<Row>(SAVE_SQL, [userId, sessionVersion ?? null, optionId, score, clientId, given, activeMs, sessionVersion !== undefined]);
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
  // A retry ('duplicate') notifies too: its first answer may have been lost with the server that
  // committed it before notifying; an extra notification only makes views refresh once more.
  if (sessionVersion !== undefined && (row.outcome === 'applied' || row.outcome === 'duplicate') && row.project_id) notifyAfterCommit(query, row.project_id);
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
