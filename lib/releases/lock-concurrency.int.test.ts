import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { submitRating } from '@/lib/ratings/service';
import { lockRelease } from '@/lib/releases/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

/** Wait until some other session of this database is blocked on a lock (no sleeping on a guess). */
async function someoneWaitsForALock(): Promise<void> {
  await expect
    .poll(async () => {
      const [row] = await getDb().$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return Number(row.n);
    })
    .toBeGreaterThan(0);
}

/** A second database session with an open transaction, standing in for another app instance. */
async function beginOtherSession(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query('BEGIN');
  return client;
}

describe('locking a release while physicians rate (real PostgreSQL, two sessions)', () => {
  let coordinator: SessionUser;
  let raters: SessionUser[];
  let projectId: string;
  let session: pg.Client | null = null;

  beforeAll(async () => {
    coordinator = await makeUser('COORDINATOR');
    raters = [await makeUser('PHYSICIAN', ['GI']), await makeUser('PHYSICIAN', ['GI']), await makeUser('PHYSICIAN', ['GI'])];
    const { project } = await importNoharm('race', ['GI004', 'GI007']);
    projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: project.slug } })).id;
  });

  afterEach(async () => {
    await session?.end();
    session = null;
  });

  it('a rating written while a lock holds the case waits, then is refused: the gold stands on what was locked', async () => {
    const options = await optionsOf('GI004', 'race');
    for (const rater of raters) for (const option of options) await submitRating({ user: rater, optionId: option.id, score: 5 });
    // Another session plays the lock: it holds the case row, as lockRelease does, and has not committed.
    session = await beginOtherSession();
    await session.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [options[0].caseId]);

    const late = submitRating({ user: raters[0], optionId: options[0].id, score: 9 }).then(
      () => 'saved',
      (error: { code?: string }) => error.code,
    );
    await someoneWaitsForALock();
    await session.query('UPDATE cases SET locked_at = now() WHERE id = $1', [options[0].caseId]);
    await session.query('COMMIT');
    expect(await late).toBe('LOCKED');
    const stored = await getDb().rating.findUniqueOrThrow({ where: { optionId_userId: { optionId: options[0].id, userId: raters[0].id } } });
    expect(stored.score).toBe(5);
  });

  it('a lock started while a rating is being written waits for it and freezes the rating as committed', async () => {
    const options = await optionsOf('GI007', 'race');
    for (const rater of raters) for (const option of options) await submitRating({ user: rater, optionId: option.id, score: 3 });
    // Another session is in the middle of changing a score (the trigger has share-locked the case).
    session = await beginOtherSession();
    await session.query('UPDATE ratings SET score = 6 WHERE option_id = $1 AND user_id = $2', [options[0].id, raters[1].id]);

    const lock = lockRelease({ actorId: coordinator.id, projectId });
    await someoneWaitsForALock();
    await session.query('COMMIT');
    const release = await lock;
    expect(release.added).toEqual(['GI007']);
    const item = await getDb().releaseItem.findUniqueOrThrow({ where: { releaseId_optionId: { releaseId: release.releaseId, optionId: options[0].id } } });
    // Scores 3, 6, 3: the median includes the rating that was committed while the lock waited (no
    // 1-3 against 7-9 split, so the option does not await adjudication and the case is not held back).
    expect(item.goldScore).toBe(3);
    const ratings = await getDb().rating.findMany({ where: { optionId: options[0].id }, select: { score: true } });
    expect(ratings.map((r) => r.score).sort()).toEqual([3, 3, 6]);
  });
});
