import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { stopRatingEvents } from '@/lib/live/rating-events';
import { krippendorffAlpha } from '@/lib/agreement';
import { computeInWorker, getAgreementView, loadRows } from '@/lib/agreement-view/service';
import { computeSnapshot } from '@/lib/agreement-view/snapshot';
import { submitRating } from '@/lib/ratings/service';
import { SCALE_DOMAIN } from '@/lib/ratings/scale';
import { simulateRatings } from '@/lib/simulate/service';
import { updateProjectSettings } from '@/lib/projects/settings';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

describe('agreement view (real PostgreSQL, worker thread)', () => {
  afterAll(() => stopRatingEvents());

  it('[COORDINATOR] sees figures that match the ratings in the database, and fresh ones after a change', async () => {
    const { project } = await importNoharm('agree', ['Heme002', 'Heme010', 'GI002']);
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: project.slug } })).id;
    await simulateRatings({ projectId, seed: 9 });

    const view = await getAgreementView({ slug: 'agree' });
    const ratings = await getDb().rating.findMany({ where: { option: { case: { projectId } } }, select: { optionId: true, userId: true, score: true } });
    const alpha = krippendorffAlpha(ratings.map((r) => ({ item: r.optionId, rater: r.userId, value: r.score })), 'ordinal', { domain: SCALE_DOMAIN });
    expect(view.snapshot.overall.ratings).toBe(ratings.length);
    expect(view.snapshot.overall.alpha.ordinal).toBeCloseTo(alpha.value!, 12);
    expect(view.snapshot.overall.ci?.replicates).toBe(1000);
    expect(view.snapshot.byDimension.case.map((g) => g.value)).toEqual(['GI002', 'Heme002', 'Heme010']);
    expect(view.snapshot.distribution.reduce((a, b) => a + b, 0)).toBe(ratings.length);
    expect(Object.values(view.raters).every((r) => r.isSimulated)).toBe(true);
    // Simulated dissent (5% of scores) leaves some options in RAND/UCLA disagreement: each is labelled.
    expect(view.snapshot.disagreements.length).toBeGreaterThan(0);
    for (const d of view.snapshot.disagreements) expect(view.options[d.item]).toMatchObject({ caseExternalId: expect.stringMatching(/^(GI|Heme)/) });

    // A new rating (a fourth physician is given GI002) changes the figures at once.
    const extra = await makeUser('PHYSICIAN', ['GI']);
    const [gi] = await optionsOf('GI002', 'agree');
    await getDb().assignment.create({ data: { caseId: gi.caseId, userId: extra.id } });
    await submitRating({ user: extra, optionId: gi.id, score: 1 });
    const after = await getAgreementView({ slug: 'agree' });
    expect(after.snapshot.overall.ratings).toBe(ratings.length + 1);
  });

  it('[ADJUDICATOR] sees raters as "Rater n" unless the project shows names; coordinators see names', async () => {
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: 'agree' } })).id;
    const names = (await getAgreementView({ slug: 'agree', viewerRole: 'COORDINATOR' })).raters;
    const blinded = await getAgreementView({ slug: 'agree', viewerRole: 'ADJUDICATOR' });
    expect(Object.keys(blinded.raters).sort()).toEqual(Object.keys(names).sort());
    expect(Object.values(blinded.raters).map((r) => r.name).sort()).toEqual(Object.keys(names).map((_, i) => `Rater ${i + 1}`).sort());
    for (const rater of Object.values(names)) expect(JSON.stringify(blinded.raters)).not.toContain(rater.name);
    await updateProjectSettings({ actorId: null, projectId, patch: { showRaterNamesToAdjudicators: true } });
    expect((await getAgreementView({ slug: 'agree', viewerRole: 'ADJUDICATOR' })).raters).toEqual(names);
  });

  it('computes the same snapshot in the worker thread as in-process', async () => {
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: 'agree' } })).id;
    const rows = await loadRows(projectId);
    expect(rows.length).toBeGreaterThan(100);
    const inWorker = await computeInWorker(rows, 'test-cache');
    expect(inWorker).toEqual(computeSnapshot(rows, { domain: SCALE_DOMAIN, bootstrap: 1000, seed: 1 }));
  });
});
