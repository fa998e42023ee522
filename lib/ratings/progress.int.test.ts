import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { saveRating } from '@/lib/ratings/save';
import { sqlState } from '@/test/database';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

type Option = Awaited<ReturnType<typeof optionsOf>>[number];

const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);

/**
 * The rated count on assignments (migration 20261202000100): every save reads its progress and the
 * COMPLETED status from it, so it must equal a fresh count of the physician's ratings on the case
 * after every kind of write, by every writer, also when two transactions race.
 */
describe('the rated count kept on assignments (real PostgreSQL)', () => {
  let raters: SessionUser[];
  let options: Option[];
  let other: Option[];
  const clients: pg.Client[] = [];

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    clients.push(client);
    return client;
  }

  /** [kept, fresh] for one physician on one case. */
  async function counts(caseId: string, userId: string): Promise<[number | null, number]> {
    const [row] = await getDb().$queryRaw<Array<{ kept: number | null; fresh: number }>>`
      SELECT (SELECT a.rated_count FROM assignments a WHERE a.case_id = ${caseId} AND a.user_id = ${userId}) AS kept,
        primum_rated_count(${caseId}, ${userId}) AS fresh`;
    return [row.kept, row.fresh];
  }

  /** Every assignment whose kept count differs from a fresh count. */
  const drifted = () => getDb().$queryRaw<Array<{ id: string }>>`SELECT a.id FROM assignments a WHERE a.rated_count <> primum_rated_count(a.case_id, a.user_id)`;

  beforeAll(async () => {
    raters = [await makeUser('PHYSICIAN', ['Nephro']), await makeUser('PHYSICIAN', ['Nephro']), await makeUser('PHYSICIAN', ['Nephro'])];
    await importNoharm('progress', ['Nephro003', 'Nephro009']);
    options = await optionsOf('Nephro003', 'progress');
    other = await optionsOf('Nephro009', 'progress');
  });

  afterAll(async () => {
    for (const client of clients) await client.end();
  });

  it('[PHYSICIAN] every save answers the count kept on the assignment, which equals a fresh count', async () => {
    const user = raters[0];
    const caseId = options[0].caseId;
    const save = (optionId: string, score: number | null, givenAt: number, clientId = randomUUID()) =>
      saveRating({ userId: user.id, clientId, optionId, score, givenAt, activeMs: 0 });
    const steps: Array<[string, () => Promise<{ outcome: string; rated: number; total: number }>, string, number]> = [
      ['first score', () => save(options[0].id, 4, T0 + 1), 'applied', 1],
      ['re-scored', () => save(options[0].id, 6, T0 + 2), 'applied', 1],
      ['the same score again', () => save(options[0].id, 6, T0 + 3), 'applied', 1],
      ['second option', () => save(options[1].id, 2, T0 + 4), 'applied', 2],
      ['cleared', () => save(options[0].id, null, T0 + 5), 'applied', 1],
      ['cleared again', () => save(options[0].id, null, T0 + 6), 'applied', 1],
      ['an older score arriving late', () => save(options[0].id, 9, T0 + 1), 'stale', 1],
    ];
    for (const [label, step, outcome, expected] of steps) {
      const answer = await step();
      expect([label, answer.outcome, answer.rated, answer.total]).toEqual([label, outcome, expected, options.length]);
      expect([label, ...(await counts(caseId, user.id))]).toEqual([label, expected, expected]);
    }
    // A retry of the first save changes nothing.
    const clientId = randomUUID();
    await save(options[2].id, 3, T0 + 7, clientId);
    expect(await save(options[2].id, 3, T0 + 7, clientId)).toMatchObject({ outcome: 'duplicate', rated: 2 });
    expect(await counts(caseId, user.id)).toEqual([2, 2]);
  });

  it('[PHYSICIAN] the last option completes the case and a cleared one reopens it, from the kept count', async () => {
    const user = raters[1];
    let given = T0;
    let last: Awaited<ReturnType<typeof saveRating>> | null = null;
    for (const option of options) last = await saveRating({ userId: user.id, clientId: randomUUID(), optionId: option.id, score: 5, givenAt: (given += 1), activeMs: 0 });
    expect(last).toMatchObject({ rated: options.length, total: options.length, completed: true });
    expect(await getDb().assignment.findFirstOrThrow({ where: { caseId: options[0].caseId, userId: user.id } })).toMatchObject({ status: 'COMPLETED', ratedCount: options.length });
    const cleared = await saveRating({ userId: user.id, clientId: randomUUID(), optionId: options[3].id, score: null, givenAt: (given += 1), activeMs: 0 });
    expect(cleared).toMatchObject({ rated: options.length - 1, completed: false });
    expect(await getDb().assignment.findFirstOrThrow({ where: { caseId: options[0].caseId, userId: user.id } })).toMatchObject({ status: 'IN_PROGRESS', completedAt: null, ratedCount: options.length - 1 });
  });

  it('counts statements that write or delete many ratings at once, and upserts that insert some', async () => {
    const user = raters[2];
    const caseId = other[0].caseId;
    const db = await connect();
    await db.query(
      `INSERT INTO ratings (id, option_id, user_id, score, updated_at)
        SELECT gen_random_uuid()::text, o.id, $1, 5, now() FROM options o WHERE o.id = ANY($2)`,
      [user.id, other.slice(0, 10).map((o) => o.id)],
    );
    expect(await counts(caseId, user.id)).toEqual([10, 10]);
    // Five that exist (updated) and five new (inserted) in one statement.
    await db.query(
      `INSERT INTO ratings (id, option_id, user_id, score, updated_at)
        SELECT gen_random_uuid()::text, o.id, $1, 7, now() FROM options o WHERE o.id = ANY($2)
        ON CONFLICT (option_id, user_id) DO UPDATE SET score = EXCLUDED.score`,
      [user.id, other.slice(5, 15).map((o) => o.id)],
    );
    expect(await counts(caseId, user.id)).toEqual([15, 15]);
    await db.query('DELETE FROM ratings WHERE user_id = $1 AND option_id = ANY($2)', [user.id, other.slice(0, 3).map((o) => o.id)]);
    expect(await counts(caseId, user.id)).toEqual([12, 12]);
    expect(await drifted()).toEqual([]);
  });

  it('an assignment created after its ratings, or given to another physician, counts afresh', async () => {
    const late = await makeUser('PHYSICIAN', ['Nephro']);
    const db = await connect();
    await db.query(
      `INSERT INTO ratings (id, option_id, user_id, score, updated_at) SELECT gen_random_uuid()::text, o.id, $1, 3, now() FROM options o WHERE o.id = ANY($2)`,
      [late.id, options.slice(0, 4).map((o) => o.id)],
    );
    // A count the writer gives is replaced by the real one.
    const assignment = await getDb().assignment.create({ data: { caseId: options[0].caseId, userId: late.id, ratedCount: 40 } });
    expect(assignment.ratedCount).toBe(4);
    // As `primum simulate` hands an unstarted assignment to another rater.
    const next = await makeUser('PHYSICIAN', ['Nephro']);
    await db.query(
      `INSERT INTO ratings (id, option_id, user_id, score, updated_at) SELECT gen_random_uuid()::text, o.id, $1, 3, now() FROM options o WHERE o.id = ANY($2)`,
      [next.id, options.slice(0, 2).map((o) => o.id)],
    );
    const moved = await getDb().assignment.update({ where: { id: assignment.id }, data: { userId: next.id, ratedCount: 40 } });
    expect(moved.ratedCount).toBe(2);
    expect(await drifted()).toEqual([]);
  });

  it('the count cannot be set by hand', async () => {
    const db = await connect();
    const [before] = await counts(options[0].caseId, raters[0].id);
    expect(await sqlState(db, 'UPDATE assignments SET rated_count = 99 WHERE case_id = $1 AND user_id = $2', [options[0].caseId, raters[0].id])).toBe('P0403');
    expect(await sqlState(db, 'UPDATE assignments SET rated_count = rated_count WHERE case_id = $1 AND user_id = $2', [options[0].caseId, raters[0].id])).toBe('ok');
    expect((await counts(options[0].caseId, raters[0].id))[0]).toBe(before);
  });

  /** Resolves once `client`'s backend waits for a lock (the race below is real), failing after many polls. */
  async function waitsForLock(observer: pg.Client, client: pg.Client): Promise<void> {
    const pid = (client as unknown as { processID: number }).processID;
    for (let poll = 0; poll < 2000; poll += 1) {
      const { rows } = await observer.query<{ wait: string | null }>('SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (rows[0]?.wait === 'Lock') return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`backend ${pid} never waited for a lock`);
  }

  it.each([
    ['a rating inserted', 'insert', 'the rating first'],
    ['a rating inserted', 'insert', 'the assignment first'],
    ['a rating deleted', 'delete', 'the rating first'],
    ['a rating deleted', 'delete', 'the assignment first'],
  ])('%s and an assignment created at once by two transactions are both counted (%s)', async (_label, write, order) => {
    const physician = await makeUser('PHYSICIAN', ['Nephro']);
    const [rating, assignment, observer] = [await connect(), await connect(), await connect()];
    if (write === 'delete') {
      await rating.query(`INSERT INTO ratings (id, option_id, user_id, score, updated_at) VALUES (gen_random_uuid()::text, $1, $2, 4, now())`, [other[20].id, physician.id]);
    }
    const rate = (client: pg.Client) =>
      write === 'insert'
        ? client.query(`INSERT INTO ratings (id, option_id, user_id, score, updated_at) VALUES (gen_random_uuid()::text, $1, $2, 4, now())`, [other[20].id, physician.id])
        : client.query('DELETE FROM ratings WHERE option_id = $1 AND user_id = $2', [other[20].id, physician.id]);
    const assign = (client: pg.Client) => client.query(`INSERT INTO assignments (id, case_id, user_id) VALUES (gen_random_uuid()::text, $1, $2)`, [other[0].caseId, physician.id]);
    const [holder, waiter, hold, wait] = order === 'the rating first' ? [rating, assignment, rate, assign] : [assignment, rating, assign, rate];
    await holder.query('BEGIN');
    await hold(holder);
    await waiter.query('BEGIN');
    const waiting = wait(waiter);
    await waitsForLock(observer, waiter);
    await holder.query('COMMIT');
    await waiting;
    await waiter.query('COMMIT');
    const expected = write === 'insert' ? 1 : 0;
    expect(await counts(other[0].caseId, physician.id)).toEqual([expected, expected]);
  });

  it('a rating deleted while its option moves to another case is counted right in both cases', async () => {
    const physician = await makeUser('PHYSICIAN', ['Nephro']);
    const db = await connect();
    await db.query(`INSERT INTO assignments (id, case_id, user_id) SELECT gen_random_uuid()::text, c, $1 FROM unnest($2::text[]) c`, [physician.id, [options[0].caseId, other[0].caseId]]);
    await db.query(`INSERT INTO ratings (id, option_id, user_id, score, updated_at) VALUES (gen_random_uuid()::text, $1, $2, 4, now())`, [options[5].id, physician.id]);
    expect(await counts(options[0].caseId, physician.id)).toEqual([1, 1]);
    const [deleter, mover, observer] = [db, await connect(), await connect()];
    await deleter.query('BEGIN');
    await deleter.query('DELETE FROM ratings WHERE option_id = $1 AND user_id = $2', [options[5].id, physician.id]);
    await mover.query('BEGIN');
    const moving = mover.query('UPDATE options SET case_id = $1, number = 9998 WHERE id = $2', [other[0].caseId, options[5].id]);
    await waitsForLock(observer, mover);
    await deleter.query('COMMIT');
    await moving;
    await mover.query('COMMIT');
    expect(await counts(options[0].caseId, physician.id)).toEqual([0, 0]);
    expect(await counts(other[0].caseId, physician.id)).toEqual([0, 0]);
    expect(await drifted()).toEqual([]);
  });

  it('an option moved to another case moves its ratings in both cases\' counts', async () => {
    const physician = await makeUser('PHYSICIAN', ['Nephro']);
    const db = await connect();
    await db.query(`INSERT INTO assignments (id, case_id, user_id) SELECT gen_random_uuid()::text, c, $1 FROM unnest($2::text[]) c`, [physician.id, [options[0].caseId, other[0].caseId]]);
    await db.query(
      `INSERT INTO ratings (id, option_id, user_id, score, updated_at) SELECT gen_random_uuid()::text, o.id, $1, 6, now() FROM options o WHERE o.id = ANY($2)`,
      [physician.id, [options[7].id, options[8].id, other[1].id]],
    );
    expect([await counts(options[0].caseId, physician.id), await counts(other[0].caseId, physician.id)]).toEqual([[2, 2], [1, 1]]);
    await db.query('UPDATE options SET case_id = $1, number = 9999 WHERE id = $2', [other[0].caseId, options[7].id]);
    expect([await counts(options[0].caseId, physician.id), await counts(other[0].caseId, physician.id)]).toEqual([[1, 1], [2, 2]]);
    expect(await drifted()).toEqual([]);
  });
});
