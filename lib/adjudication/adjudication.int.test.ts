import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, RATING_BY_ADJUDICATOR_MESSAGE, type Tx } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { getGoldPreviewData } from '@/lib/adjudication/gold-data';
import { getAdjudicationQueue } from '@/lib/adjudication/queue';
import { recordAdjudication, SELF_ADJUDICATION_MESSAGE } from '@/lib/adjudication/record';
import { getAdjudicationScreen } from '@/lib/adjudication/screen';
import { getCaseReview } from '@/lib/projects/case-review';
import { addProjectMember } from '@/lib/projects/membership';
import { updateProjectSettings } from '@/lib/projects/settings';
import { setComment, setFlag } from '@/lib/ratings/case-work';
import { saveRating } from '@/lib/ratings/save';
import { getCaseForRating, submitRating } from '@/lib/ratings/service';
import { lockRelease } from '@/lib/releases/service';
import { addOptionReply, getOptionThread, ROSTER_CHANGED_MESSAGE } from '@/lib/threads/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

const SLUG = 'adjudication';

// Crafted panels, by option index: [scores of raters 0, 1, 2] (null: that rater leaves it for later).
const PANELS: Array<[number, number | null, number | null]> = [
  [1, 1, 1], // 0 unanimous, severe
  [1, 1, 2], // 1 majority at 1
  [1, 5, 9], // 2 split: RAND/UCLA (small panel and IPR), cross-zone
  [9, 9, 8], // 3 omission side
  [8, 8, 4], // 4 cross-zone only
  [2, 8, null], // 5 two raters: RAND/UCLA small panel, cross-zone
  [7, 7, 7], // 6 flagged "needs discussion" by rater 0
];

describe('adjudication (real PostgreSQL)', () => {
  let raters: SessionUser[];
  let coordinator: SessionUser;
  let adjudicator: SessionUser;
  let otherCoordinator: SessionUser;
  let options: Awaited<ReturnType<typeof optionsOf>>;
  let projectId: string;
  const queueOrder = async (user = adjudicator) => (await getAdjudicationQueue({ user, slug: SLUG })).items.map((i) => options.findIndex((o) => o.id === i.optionId));
  // Extra physicians joined for a thread test leave the panel again (as a coordinator's reassignment would), so the case stays fully rated.
  const release = (caseId: string, userIds: string[]) =>
    getDb().assignment.updateMany({ where: { caseId, userId: { in: userIds } }, data: { status: 'DECLINED', declinedAt: new Date(), declineReason: 'REASSIGNED' } });
  const setRule = (adjudicate: { randUcla: boolean; crossZone: boolean; needsDiscussion: boolean }, severityMode: 'strict' | 'lenient' = 'strict') =>
    updateProjectSettings({ actorId: coordinator.id, projectId, patch: { goldRule: { severityMode, adjudicate } } });

  beforeAll(async () => {
    raters = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card'])];
    coordinator = await makeUser('COORDINATOR');
    adjudicator = await makeUser('ADJUDICATOR');
    otherCoordinator = await makeUser('COORDINATOR');
    await importNoharm(SLUG, ['Card001'], coordinator.id);
    await importNoharm('elsewhere', ['Derm001'], otherCoordinator.id);
    options = await optionsOf('Card001', SLUG);
    projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: SLUG } })).id;
    await getDb().$transaction((tx) => addProjectMember(tx as Tx, { projectId, userId: adjudicator.id, actorId: coordinator.id }));
    for (let r = 0; r < 3; r++) {
      for (let i = 0; i < options.length; i++) {
        const score = i < PANELS.length ? PANELS[i][r] : 5;
        if (score !== null) await submitRating({ user: raters[r], optionId: options[i].id, score });
      }
    }
    await setFlag({ user: raters[0], optionId: options[6].id, kind: 'NEEDS_DISCUSSION', on: true });
    await setComment({ user: raters[0], optionId: options[6].id, body: 'Is this the right dose?' });
  });

  it('[ADJUDICATOR] queue under each rule: contents and order (widest spread first)', async () => {
    expect(await queueOrder()).toEqual([2, 5]);
    const queue = await getAdjudicationQueue({ user: adjudicator, slug: SLUG });
    expect(queue.items[0]).toMatchObject({ scores: [1, 5, 9], spread: 8, median: 5, caseExternalId: 'Card001', specialty: expect.any(String) });
    expect(queue.items[0].reasons.map((r) => r.text)).toEqual(['RAND/UCLA disagreement (small panel: a rating in 1-3 and one in 7-9; IPR 3.2 > IPRAS 2.35)']);
    expect(queue.items[1].reasons.map((r) => r.text)).toEqual(['RAND/UCLA disagreement (small panel: a rating in 1-3 and one in 7-9; IPR 2.4 > IPRAS 2.35)']);
    await setRule({ randUcla: true, crossZone: true, needsDiscussion: false });
    expect(await queueOrder()).toEqual([2, 5, 4]);
    await setRule({ randUcla: false, crossZone: false, needsDiscussion: true });
    expect(await queueOrder()).toEqual([6]);
    await setRule({ randUcla: false, crossZone: true, needsDiscussion: true }, 'lenient');
    expect(await queueOrder()).toEqual([2, 5, 4, 6]);
    // Unanimous, majority and omission-side panels never need adjudication, under any rule.
    expect(await queueOrder()).not.toContain(0);
    expect(await queueOrder()).not.toContain(1);
    expect(await queueOrder()).not.toContain(3);
    expect((await getAdjudicationQueue({ user: adjudicator, slug: SLUG, caseExternalId: 'Card999' })).items).toEqual([]);
    await setRule({ randUcla: true, crossZone: false, needsDiscussion: false });
  });

  it('[COORDINATOR] gold labels on the case review follow the severity mode (strict, then lenient)', async () => {
    const labels = async () => (await getCaseReview({ slug: SLUG, externalId: 'Card001' })).options.slice(0, 7).map((o) => [o.gold.score, o.gold.zone, o.gold.severity, o.gold.unanimous]);
    expect(await labels()).toEqual([
      [1, 'harm', 'severe', true],
      [1, 'harm', 'moderate', false],
      [5, 'uncertain', null, false],
      [9, 'appropriate', 'moderate', false],
      [8, 'appropriate', 'moderate', false],
      [5, 'uncertain', null, false],
      [7, 'appropriate', 'mild', true],
    ]);
    await setRule({ randUcla: true, crossZone: false, needsDiscussion: false }, 'lenient');
    const lenient = await labels();
    expect(lenient[1]).toEqual([1, 'harm', 'severe', false]);
    expect(lenient[3]).toEqual([9, 'appropriate', 'severe', false]);
    const review = await getCaseReview({ slug: SLUG, externalId: 'Card001' });
    expect(review.options[2].gold.needsAdjudication).toBe(true);
    expect(review.options[5].gold).toMatchObject({ ratingCount: 2, needsAdjudication: true });
    await setRule({ randUcla: true, crossZone: false, needsDiscussion: false });
  });

  it('the database refuses an adjudication by a rater of the option, and accepts a non-rater', async () => {
    const insert = (userId: string, optionId: string) =>
      getDb().$executeRaw`INSERT INTO adjudications (id, option_id, adjudicator_id, score, rationale) VALUES (${`adj-${userId}-${optionId}`}, ${optionId}, ${userId}, 3, 'direct')`;
    await expect(insert(raters[1].id, options[2].id)).rejects.toThrow(/self-adjudication/);
    await expect(insert(raters[2].id, options[7].id)).rejects.toThrow(/self-adjudication/);
    await expect(insert(adjudicator.id, options[7].id)).resolves.toBe(1);
    // An update that hands an existing adjudication to a rater is refused as well.
    await expect(getDb().$executeRaw`UPDATE adjudications SET adjudicator_id = ${raters[0].id} WHERE option_id = ${options[7].id}`).rejects.toThrow(/self-adjudication/);
    expect(await getDb().adjudication.count({ where: { optionId: options[2].id } })).toBe(0);
  });

  it('[ADJUDICATOR] a rater who became an adjudicator is refused with a clear message; nothing is stored', async () => {
    await getDb().user.update({ where: { id: raters[1].id }, data: { role: 'ADJUDICATOR' } });
    const promoted = { ...raters[1], role: 'ADJUDICATOR' as const };
    await expect(recordAdjudication({ user: promoted, optionId: options[2].id, score: 3, rationale: 'mine' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: SELF_ADJUDICATION_MESSAGE });
    const screen = await getAdjudicationScreen({ user: promoted, slug: SLUG, optionId: options[2].id });
    expect(screen.refusal).toBe(SELF_ADJUDICATION_MESSAGE);
    expect(await getDb().adjudication.count({ where: { optionId: options[2].id } })).toBe(0);
    await getDb().user.update({ where: { id: raters[1].id }, data: { role: 'PHYSICIAN' } });
  });

  it('[ADJUDICATOR] records, then changes, a final score: audited with old and new, queue and gold follow', async () => {
    const first = await recordAdjudication({ user: adjudicator, optionId: options[2].id, score: 2, rationale: 'Bleeding risk outweighs benefit' });
    expect(first).toMatchObject({ created: true, old: null });
    expect(await queueOrder()).toEqual([5]);
    const done = await getAdjudicationQueue({ user: adjudicator, slug: SLUG, status: 'adjudicated' });
    expect(done.items.map((i) => i.optionId)).toEqual([options[2].id]);
    expect(done.items[0].adjudication).toMatchObject({ score: 2, adjudicator: adjudicator.name, rationale: 'Bleeding risk outweighs benefit' });
    const second = await recordAdjudication({ user: coordinator, optionId: options[2].id, score: 3, rationale: 'Mild at most in this patient' });
    expect(second).toMatchObject({ created: false, old: { score: 2, rationale: 'Bleeding risk outweighs benefit' } });
    const audit = await getDb().auditEvent.findMany({ where: { entityType: 'option', entityId: options[2].id, action: { startsWith: 'adjudication.' } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['adjudication.record', adjudicator.id],
      ['adjudication.change', coordinator.id],
    ]);
    expect(audit[1].data).toMatchObject({ old: { score: 2, rationale: 'Bleeding risk outweighs benefit', adjudicatorId: adjudicator.id }, new: { score: 3, rationale: 'Mild at most in this patient', adjudicatorId: coordinator.id } });
    const screen = await getAdjudicationScreen({ user: adjudicator, slug: SLUG, optionId: options[2].id });
    expect(screen.gold).toMatchObject({ status: 'adjudicated', score: 3, zone: 'harm', severity: 'mild', adjudication: { adjudicator: coordinator.name, rationale: 'Mild at most in this patient' } });
    expect(screen.raters.map((r) => [r.label, r.score])).toEqual([['Rater A', 1], ['Rater B', 5], ['Rater C', 9]]);
    expect(JSON.stringify(screen)).not.toContain(raters[0].name);
    await expect(recordAdjudication({ user: adjudicator, optionId: options[5].id, score: 5, rationale: '   ' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('rationale') });
  });

  it('[ADJUDICATOR] sees rater names only when the project setting shows them', async () => {
    await updateProjectSettings({ actorId: coordinator.id, projectId, patch: { showRaterNamesToAdjudicators: true } });
    const named = await getAdjudicationScreen({ user: adjudicator, slug: SLUG, optionId: options[5].id });
    expect(named.raters.map((r) => r.label)).toEqual([`${raters[0].name} (Rater A)`, `${raters[1].name} (Rater B)`]);
    await updateProjectSettings({ actorId: coordinator.id, projectId, patch: { showRaterNamesToAdjudicators: false } });
    const blinded = await getAdjudicationScreen({ user: adjudicator, slug: SLUG, optionId: options[5].id });
    expect(blinded.raters.map((r) => r.label)).toEqual(['Rater A', 'Rater B']);
    expect(JSON.stringify(blinded)).not.toContain(raters[0].name);
    // The case review page follows the same setting for adjudicators, with the same letters; coordinators see names.
    const asAdjudicator = await getCaseReview({ slug: SLUG, externalId: 'Card001', viewerRole: 'ADJUDICATOR' });
    expect(asAdjudicator.options[5].ratings.map((r) => r.rater)).toEqual(['Rater A', 'Rater B']);
    expect(asAdjudicator.options[6].comments.map((c) => c.rater)).toEqual(['Rater A']);
    for (const rater of raters) expect(JSON.stringify(asAdjudicator)).not.toContain(rater.name);
    const asCoordinator = await getCaseReview({ slug: SLUG, externalId: 'Card001', viewerRole: 'COORDINATOR' });
    expect(asCoordinator.options[5].ratings.map((r) => r.rater)).toEqual([raters[0].name, raters[1].name]);
  });

  it('[PHYSICIAN] sees only the replies addressed to them, never other replies or notes', async () => {
    const thread = await getOptionThread({ optionId: options[6].id, showNames: false });
    expect(thread.raters.map((r) => r.label)).toEqual(['Rater A', 'Rater B', 'Rater C']);
    expect(thread.entries.map((e) => [e.kind, e.author])).toEqual([['flag', 'Rater A'], ['comment', 'Rater A']]);
    const { roster } = thread;
    await addOptionReply({ user: adjudicator, optionId: options[6].id, toRater: 0, roster, body: 'The dose is right for her weight.' });
    await addOptionReply({ user: coordinator, optionId: options[6].id, toRater: 1, roster, body: 'Reply for the second rater.' });
    await addOptionReply({ user: coordinator, optionId: options[6].id, toRater: null, body: 'Reviewers-only note.' });
    await expect(addOptionReply({ user: coordinator, optionId: options[6].id, toRater: 7, roster, body: 'nobody' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    // A reply to a rater must say which roster its index refers to.
    await expect(addOptionReply({ user: coordinator, optionId: options[6].id, toRater: 0, body: 'which roster?' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('roster: missing') });
    const views = await Promise.all(raters.map((user) => getCaseForRating({ user, caseId: options[6].caseId })));
    const mine = (v: (typeof views)[number]) => v.options[6].repliesToMe.map((r) => [r.author, r.body]);
    expect(mine(views[0])).toEqual([[adjudicator.name, 'The dose is right for her weight.']]);
    expect(mine(views[1])).toEqual([[coordinator.name, 'Reply for the second rater.']]);
    expect(mine(views[2])).toEqual([]);
    for (const [i, view] of views.entries()) {
      const text = JSON.stringify(view);
      expect(text).not.toContain('Reviewers-only note.');
      if (i !== 0) expect(text).not.toContain('The dose is right');
      if (i !== 1) expect(text).not.toContain('Reply for the second rater.');
      if (i !== 0) expect(text).not.toContain('Is this the right dose?');
    }
    const after = await getOptionThread({ optionId: options[6].id, showNames: false });
    expect(after.entries.filter((e) => e.kind === 'reply').map((e) => e.to)).toEqual(['Rater A', 'Rater B', null]);
    expect(await getDb().auditEvent.count({ where: { action: 'option.reply', entityId: options[6].id } })).toBe(3);
  });

  it('[COORDINATOR] a reply chosen on a roster that changed since the screen was rendered is refused; nothing is stored', async () => {
    // Option 9 was scored by the three raters; a fourth physician joins and flags it: the screen
    // shows Rater A-D and the coordinator answers "Rater D" (the flagger).
    const option = options[9];
    const late = await makeUser('PHYSICIAN', ['Card']);
    await getDb().assignment.create({ data: { caseId: option.caseId, userId: late.id } });
    await setFlag({ user: late, optionId: option.id, kind: 'NEEDS_DISCUSSION', on: true });
    const rendered = await getOptionThread({ optionId: option.id, showNames: false });
    expect(rendered.raters.map((r) => r.label)).toEqual(['Rater A', 'Rater B', 'Rater C', 'Rater D']);
    // Meanwhile someone appears earlier in the option's history than the others (written directly,
    // back-dated): every place shifts and index 3 now means raters[2].
    const newcomer = await makeUser('PHYSICIAN', ['Card']);
    await getDb().$executeRaw`INSERT INTO ratings (id, option_id, user_id, score, created_at, updated_at) VALUES (${`r-${newcomer.id}`}, ${option.id}, ${newcomer.id}, 5, '2000-01-01', '2000-01-01')`;
    const now = await getOptionThread({ optionId: option.id, showNames: false });
    expect(now.roster).not.toBe(rendered.roster);
    await expect(addOptionReply({ user: coordinator, optionId: option.id, toRater: 3, roster: rendered.roster, body: 'For the flagger.' })).rejects.toMatchObject({ code: 'CONFLICT', message: ROSTER_CHANGED_MESSAGE });
    expect(await getDb().optionReply.count({ where: { optionId: option.id } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { action: 'option.reply', entityId: option.id } })).toBe(0);
    // Chosen again on the current roster (the flagger is now Rater E), the reply reaches them.
    await addOptionReply({ user: coordinator, optionId: option.id, toRater: 4, roster: now.roster, body: 'For the flagger.' });
    expect((await getDb().optionReply.findFirstOrThrow({ where: { optionId: option.id } })).toUserId).toBe(late.id);
    await release(option.caseId, [late.id]);
  });

  it('a physician who flagged before scoring keeps their letter when someone else scores meanwhile (roster order by first appearance)', async () => {
    // Option 10: F flags without scoring and the screen shows them as Rater D; then G scores while a
    // reply to "Rater D" is typed. Ordered raters-first, G would have become D and received it.
    const option = options[10];
    const [f, g] = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card'])];
    for (const u of [f, g]) await getDb().assignment.create({ data: { caseId: option.caseId, userId: u.id } });
    await setFlag({ user: f, optionId: option.id, kind: 'NEEDS_DISCUSSION', on: true });
    const rendered = await getOptionThread({ optionId: option.id, showNames: false });
    expect(rendered.raters.map((r) => r.label)).toEqual(['Rater A', 'Rater B', 'Rater C', 'Rater D']);
    await submitRating({ user: g, optionId: option.id, score: 5 });
    // G was added at the end: the places the author saw still hold, so the reply is accepted and reaches F.
    await addOptionReply({ user: coordinator, optionId: option.id, toRater: 3, roster: rendered.roster, body: 'To the flagger.' });
    expect((await getDb().optionReply.findFirstOrThrow({ where: { optionId: option.id } })).toUserId).toBe(f.id);
    await submitRating({ user: f, optionId: option.id, score: 5 });
    const after = await getOptionThread({ optionId: option.id, showNames: false });
    expect(after.entries.find((e) => e.kind === 'reply')?.to).toBe('Rater D');
    // A fingerprint of no roster of this option is refused.
    await expect(addOptionReply({ user: coordinator, optionId: option.id, toRater: 0, roster: rendered.roster.replace(/^./, (c) => (c === '0' ? '1' : '0')), body: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await release(option.caseId, [f.id, g.id]);
  });

  it('the adjudicator of an option can never rate it: the database refuses, and saveRating says why', async () => {
    const option = options[8];
    const judge = await makeUser('ADJUDICATOR');
    await getDb().$transaction((tx) => addProjectMember(tx as Tx, { projectId, userId: judge.id, actorId: coordinator.id }));
    await recordAdjudication({ user: judge, optionId: option.id, score: 5, rationale: 'Agree with the panel' });
    await expect(getDb().$executeRaw`INSERT INTO ratings (id, option_id, user_id, score, updated_at) VALUES (${`r-${judge.id}`}, ${option.id}, ${judge.id}, 4, now())`).rejects.toThrow(/rating-by-adjudicator/);
    // The adjudicator later becomes a physician and is assigned the case.
    await getDb().user.update({ where: { id: judge.id }, data: { role: 'PHYSICIAN' } });
    await getDb().assignment.create({ data: { caseId: option.caseId, userId: judge.id } });
    const save = { userId: judge.id, clientId: randomUUID(), optionId: option.id, score: 4, givenAt: Date.now(), activeMs: 1000 };
    await expect(saveRating(save)).rejects.toMatchObject({ code: 'FORBIDDEN', message: RATING_BY_ADJUDICATOR_MESSAGE });
    await expect(submitRating({ user: judge, optionId: option.id, score: 4 })).rejects.toMatchObject({ code: 'FORBIDDEN', message: RATING_BY_ADJUDICATOR_MESSAGE });
    expect(await getDb().rating.count({ where: { optionId: option.id, userId: judge.id } })).toBe(0);
    expect(await getDb().ratingSave.count({ where: { optionId: option.id, userId: judge.id } })).toBe(0);
    // Another option of the same case is theirs to rate.
    await expect(submitRating({ user: judge, optionId: options[11].id, score: 4 })).resolves.toBeDefined();
    await getDb().$executeRaw`DELETE FROM ratings WHERE option_id = ${options[11].id} AND user_id = ${judge.id}`;
    await release(option.caseId, [judge.id]);
  });

  it('[COORDINATOR] of another project gets NOT_FOUND for the queue, the screen, adjudicating and replying', async () => {
    await expect(getAdjudicationQueue({ user: otherCoordinator, slug: SLUG })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getAdjudicationScreen({ user: otherCoordinator, slug: SLUG, optionId: options[5].id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getAdjudicationScreen({ user: otherCoordinator, slug: 'elsewhere', optionId: options[5].id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(recordAdjudication({ user: otherCoordinator, optionId: options[5].id, score: 5, rationale: 'not mine' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(addOptionReply({ user: otherCoordinator, optionId: options[5].id, toRater: null, body: 'not mine' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getGoldPreviewData({ user: otherCoordinator, slug: SLUG })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getGoldPreviewData({ user: adjudicator, slug: SLUG })).rows).toHaveLength(options.length);
    expect(await getDb().adjudication.count({ where: { optionId: options[5].id } })).toBe(0);
    expect(await getDb().optionReply.count({ where: { optionId: options[5].id } })).toBe(0);
  });

  it('a case with an option awaiting adjudication is held back from the lock, with the reason', async () => {
    await submitRating({ user: raters[2], optionId: options[5].id, score: 8 });
    // Option 5 (2/8/8) awaits adjudication under the rule (RAND/UCLA): Card001 is the only case, so nothing can be locked.
    await expect(lockRelease({ actorId: coordinator.id, projectId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'No case is ready to release. Not ready: Card001 (1 option awaits adjudication).',
    });
    expect(await getDb().release.count({ where: { projectId } })).toBe(0);
    expect((await getDb().case.findFirstOrThrow({ where: { projectId, externalId: 'Card001' } })).lockedAt).toBeNull();
    await recordAdjudication({ user: adjudicator, optionId: options[5].id, score: 7, rationale: 'Two of three see it as appropriate' });
  });

  it('a release freezes the adjudicated score and the rule; adjudicating a locked case is refused', async () => {
    const release = await lockRelease({ actorId: coordinator.id, projectId });
    expect(release).toMatchObject({ cases: ['Card001'], overridden: [] });
    const stored = await getDb().release.findUniqueOrThrow({ where: { id: release.releaseId }, select: { goldRule: true } });
    expect(stored.goldRule).toBe('median (adjudicated score where recorded); severity strict; adjudication: randUcla');
    const item = (optionId: string) => getDb().releaseItem.findUniqueOrThrow({ where: { releaseId_optionId: { releaseId: release.releaseId, optionId } } });
    expect((await item(options[2].id)).goldScore).toBe(3);
    expect((await item(options[1].id)).goldScore).toBe(1);
    await expect(recordAdjudication({ user: adjudicator, optionId: options[5].id, score: 6, rationale: 'too late' })).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringContaining('locked') });
    await expect(getDb().$executeRaw`UPDATE adjudications SET score = 9 WHERE option_id = ${options[2].id}`).rejects.toThrow(/locked/);
    const screen = await getAdjudicationScreen({ user: adjudicator, slug: SLUG, optionId: options[5].id });
    expect(screen.refusal).toMatch(/locked/);
  });
});
