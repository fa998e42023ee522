import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { ANY_PROJECT, onRatingChange, stopRatingEvents } from '@/lib/live/rating-events';
import { submitRating } from '@/lib/ratings/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

describe('live rating events (LISTEN/NOTIFY)', () => {
  const received: string[] = [];
  afterAll(() => stopRatingEvents());

  it('delivers the project id of each committed rating, and nothing for a rolled-back one', async () => {
    const rater = await makeUser('PHYSICIAN', ['Pulm']);
    await makeUser('PHYSICIAN', ['Pulm']);
    await makeUser('PHYSICIAN', ['Pulm']);
    const { project } = await importNoharm('live', ['Pulm001']);
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: project.slug } })).id;
    const [option, other] = await optionsOf('Pulm001', 'live');
    await onRatingChange((id) => received.push(id));

    await getDb()
      .$transaction(async (tx) => {
        await tx.rating.create({ data: { optionId: other.id, userId: rater.id, score: 3 } });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await submitRating({ user: rater, optionId: option.id, score: 8 });
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(1);
    expect(received).toEqual([projectId]);
  });

  it('reconnects after losing its connection, says so, and keeps delivering', async () => {
    const rater = await getDb().user.findFirstOrThrow({ where: { specialties: { some: { specialty: { code: 'Pulm' } } } }, select: { id: true, email: true, name: true, role: true, isSimulated: true } });
    const [, second] = await optionsOf('Pulm001', 'live');
    // The listener from the first test is still subscribed.
    received.length = 0;
    // What a database restart does to the session: the server ends it.
    await getDb().$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`;
    await expect.poll(() => received.includes(ANY_PROJECT), { timeout: 10_000 }).toBe(true);
    await submitRating({ user: rater, optionId: second.id, score: 2 });
    await expect.poll(() => received.filter((id) => id !== ANY_PROJECT).length, { timeout: 5000 }).toBe(1);
  });

  it('ends a browser stream\'s subscription when the connection is lost, instead of keeping it silently', async () => {
    const rater = await getDb().user.findFirstOrThrow({ where: { specialties: { some: { specialty: { code: 'Pulm' } } } }, select: { id: true, email: true, name: true, role: true, isSimulated: true } });
    const [, , third] = await optionsOf('Pulm001', 'live');
    const streamed: string[] = [];
    let lost = 0;
    await onRatingChange((id) => streamed.push(id), () => (lost += 1));
    received.length = 0;
    await getDb().$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`;
    // Without it, a stream stayed open and the page showed "Live" through a database outage.
    await expect.poll(() => lost, { timeout: 10_000 }).toBe(1);
    // The listener without onLost waits for the reconnect; the ended one hears nothing more.
    await expect.poll(() => received.includes(ANY_PROJECT), { timeout: 10_000 }).toBe(true);
    await submitRating({ user: rater, optionId: third.id, score: 4 });
    await expect.poll(() => received.filter((id) => id !== ANY_PROJECT).length, { timeout: 5000 }).toBe(1);
    expect(streamed).toEqual([]);
    expect(lost).toBe(1);
  });
});
