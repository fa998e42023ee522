import { beforeAll, describe, expect, it } from 'vitest';
import { recordAdjudication } from '@/lib/adjudication/record';
import type { SessionUser } from '@/lib/auth/roles';
import { getDb, type Tx } from '@/lib/db';
import { addProjectMember } from '@/lib/projects/membership';
import { updateProjectSettingsAs } from '@/lib/projects/settings';
import { declineCase, setFlag } from '@/lib/ratings/case-work';
import { submitRating } from '@/lib/ratings/service';
import { getProjectReadiness, type ProjectReadiness } from '@/lib/releases/readiness';
import { lockRelease } from '@/lib/releases/service';
import { simulateRatings } from '@/lib/simulate/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

const SLUG = 'readiness-lean';

/** The lock's path: the same call with a `visit`, which loads every case's full rows. */
const fullReadiness = (projectId: string) => getProjectReadiness(projectId, getDb(), () => {});

const problemsOf = (r: ProjectReadiness) => Object.fromEntries(r.cases.map((c) => [c.externalId, c.problems]));

describe('Releases page readiness: the lean read judges every case as the lock does (real PostgreSQL)', () => {
  let coordinator: SessionUser;
  let projectId: string;
  let card002Options: number;
  let gi002Options: number;

  beforeAll(async () => {
    coordinator = await makeUser('COORDINATOR');
    const adjudicator = await makeUser('ADJUDICATOR');
    const raters = [await makeUser('PHYSICIAN', ['Card', 'GI']), await makeUser('PHYSICIAN', ['Card', 'GI']), await makeUser('PHYSICIAN', ['Card', 'GI'])];
    const result = await importNoharm(SLUG, ['Card001', 'Card002', 'GI002', 'GI004'], coordinator.id);
    projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: result.project.slug } })).id;
    await getDb().$transaction(async (tx) => {
      await addProjectMember(tx as Tx, { projectId, userId: adjudicator.id, actorId: coordinator.id });
      await addProjectMember(tx as Tx, { projectId, userId: coordinator.id, actorId: coordinator.id });
    });

    // Card001: the third physician declines it and a spare one (joined after the import) takes it over; submitted by
    // the panel with consistent scores (never 1-3 against 7-9); one option flagged "needs discussion".
    const card001 = await optionsOf('Card001', SLUG);
    const spare = await makeUser('PHYSICIAN', ['Card']);
    expect(await declineCase({ user: raters[2], caseId: card001[0].caseId, reason: 'OTHER', note: 'on leave' })).toEqual({ reassigned: 1 });
    for (const [r, rater] of [raters[0], raters[1], spare].entries()) {
      for (const [i, option] of card001.entries()) await submitRating({ user: rater, optionId: option.id, score: Math.min(9, Math.max(1, ((i * 7) % 9) + 1 + [0, 1, -1][r])) });
    }
    await setFlag({ user: raters[1], optionId: card001[3].id, kind: 'NEEDS_DISCUSSION', on: true });
    // GI004: submitted; two options split 1 / 5 / 9, one of them adjudicated.
    const gi004 = await optionsOf('GI004', SLUG);
    for (const [r, rater] of raters.entries()) {
      for (const [i, option] of gi004.entries()) await submitRating({ user: rater, optionId: option.id, score: i < 2 ? [1, 5, 9][r] : 5 });
    }
    await recordAdjudication({ user: adjudicator, optionId: gi004[0].id, score: 2, rationale: 'harmful here' });
    // Card002 and GI002: one physician started; simulated physicians take the two unstarted assignments of each and rate everything.
    const card002 = await optionsOf('Card002', SLUG);
    const gi002 = await optionsOf('GI002', SLUG);
    card002Options = card002.length;
    gi002Options = gi002.length;
    await submitRating({ user: raters[0], optionId: card002[0].id, score: 7 });
    await submitRating({ user: raters[0], optionId: gi002[0].id, score: 4 });
    await submitRating({ user: raters[0], optionId: gi002[1].id, score: 5 });
    const simulated = await simulateRatings({ projectId, seed: 5, takeUnstarted: true });
    expect(simulated).toMatchObject({ takenOver: 4, ratings: 2 * (card002.length + gi002.length) });
    // GI002 is released by an override as it is: it is carried with its problems.
    await lockRelease({ actorId: coordinator.id, projectId, cases: ['GI002'], override: 'Pilot release: GI002 is incomplete on purpose.' });
  });

  it('[COORDINATOR] sees the same problems per case on the Releases page as the lock computes, flag and simulated ratings included', async () => {
    await updateProjectSettingsAs(coordinator, projectId, { goldRule: { severityMode: 'strict', adjudicate: { randUcla: true, crossZone: false, needsDiscussion: true } } });
    const lean = await getProjectReadiness(projectId);
    const full = await fullReadiness(projectId);
    expect(lean.cases.map((c) => c.externalId)).toEqual(['Card001', 'Card002', 'GI002', 'GI004']);
    expect(lean).toEqual(full);

    const problems = problemsOf(lean);
    expect(problems.Card001).toEqual(['1 option awaits adjudication']);
    expect(problems.GI004).toEqual(['1 option awaits adjudication']);
    expect(problems.Card002).toEqual(expect.arrayContaining(['2 of 3 physicians submitted', `${card002Options - 1} options lack 3 ratings`, `${2 * card002Options} ratings come from simulated raters`]));
    expect(problems.GI002).toEqual(expect.arrayContaining(['2 of 3 physicians submitted', `${gi002Options - 2} options lack 3 ratings`, `${2 * gi002Options} ratings come from simulated raters`]));
    expect(lean.cases.map((c) => [c.externalId, c.released, c.ready])).toEqual([
      ['Card001', false, false],
      ['Card002', false, false],
      ['GI002', true, false],
      ['GI004', false, false],
    ]);
    expect(lean.cases.find((c) => c.externalId === 'GI002')?.options).toBe(gi002Options);
  });

  it('with "needs discussion" off, the flagged case is ready on both paths; a demo project does not count simulated ratings', async () => {
    await updateProjectSettingsAs(coordinator, projectId, { goldRule: { severityMode: 'strict', adjudicate: { randUcla: true, crossZone: false, needsDiscussion: false } } });
    const lean = await getProjectReadiness(projectId);
    expect(lean).toEqual(await fullReadiness(projectId));
    expect(problemsOf(lean).Card001).toEqual([]);
    expect(lean.cases.find((c) => c.externalId === 'Card001')?.ready).toBe(true);

    await getDb().project.update({ where: { id: projectId }, data: { isDemo: true } });
    try {
      const demo = await getProjectReadiness(projectId);
      expect(demo).toEqual(await fullReadiness(projectId));
      expect(demo.isDemo).toBe(true);
      expect(problemsOf(demo).Card002.some((p) => p.includes('simulated'))).toBe(false);
      expect(problemsOf(demo).Card002).toContain('2 of 3 physicians submitted');
    } finally {
      await getDb().project.update({ where: { id: projectId }, data: { isDemo: false } });
    }
  });
});
