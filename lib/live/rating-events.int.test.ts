import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { onRatingChange, stopRatingEvents } from '@/lib/live/rating-events';
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
});
