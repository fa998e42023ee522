import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { deleteModel, uploadModel } from '@/lib/evaluations/service';
import { addProjectMember, removeProjectMember } from '@/lib/projects/membership';
import { getReviewForJudging, getReviewOverview, listMyReviews } from '@/lib/plan-review/queries';
import { sampleForReview, saveVerdict, submitReview } from '@/lib/plan-review/service';
import { createAppRole, sqlState } from '@/test/database';
import { importNoharm, makeUser } from '@/test/fixtures';
import { noharmFile } from '@/test/noharm';

const SLUG = 'plan-review';

function optionIds(caseId: string): number[] {
  return (JSON.parse(noharmFile(caseId).content) as { options: Array<{ id: number }> }).options.map((o) => o.id);
}

/** A judged record that matched `matched` (one action each), and its response line. */
function lines(id: string, trial: number, matched: number[]): { judged: string; response: string } {
  const options = optionIds(id.replace(/-\d+$/, '')).map((o) => ({ id: o, matched: matched.includes(o), partial: false }));
  return {
    judged: JSON.stringify({ id, trial, options, responseActions: matched.map((m) => ({ match: String(m) })), response_len: 500 }),
    response: JSON.stringify({ id, trial, response: `Plan for ${id} trial ${trial}: options ${matched.join(', ')}.` }),
  };
}

function files(records: Array<[string, number, number[]]>, withoutResponse: Array<[string, number]> = []) {
  const made = records.map(([id, trial, matched]) => lines(id, trial, matched));
  const bare = withoutResponse.map(([id, trial]) => lines(id, trial, [1]).judged);
  return { judged: [...made.map((m) => m.judged), ...bare].join('\n'), responses: made.map((m) => m.response).join('\n') };
}

describe('physicians as judges (real PostgreSQL)', () => {
  let coordinator: SessionUser;
  let cardiologists: SessionUser[];
  let outsider: SessionUser;
  let pulmonologist: SessionUser;
  let projectId: string;
  let models: { a: string; b: string };
  let owner: pg.Client;

  beforeAll(async () => {
    coordinator = await makeUser('COORDINATOR');
    cardiologists = [];
    for (let i = 0; i < 4; i += 1) cardiologists.push(await makeUser('PHYSICIAN', ['Card']));
    outsider = await makeUser('PHYSICIAN', ['Card']); // of the specialty, not a member of the project
    pulmonologist = await makeUser('PHYSICIAN', ['Pulm']); // a member, but alone in Pulm: k = 2 cannot be met
    await importNoharm(SLUG, ['Card001', 'Card002', 'Pulm001'], coordinator.id);
    projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: SLUG } })).id;
    await getDb().$transaction(async (tx) => {
      for (const u of [coordinator, ...cardiologists, pulmonologist]) await addProjectMember(tx, { projectId, userId: u.id, actorId: null });
      // The import may have given the outsider a case to rate (and so a membership): take it away.
      await removeProjectMember(tx, { projectId, userId: outsider.id, actorId: null });
    });
    const a = files([
      ...[0, 1, 2, 3, 4, 5].map((t): [string, number, number[]] => ['Card001', t, [1, 2]]),
      ...[0, 1, 2, 3, 4, 5].map((t): [string, number, number[]] => ['Card002', t, [2, 3]]),
      ...[0, 1, 2].map((t): [string, number, number[]] => ['Pulm001', t, [1]]),
    ]);
    const b = files([['Card001', 0, [1]], ['Card001-1', 0, [1]], ['Card002', 0, [2]], ['Card002-4', 0, [2]]], [['Card002', 1]]);
    models = {
      a: (await uploadModel(coordinator, projectId, { name: 'model-a', judged: { name: 'a_judged.jsonl', text: a.judged }, responses: { name: 'a.jsonl', text: a.responses } })).modelId,
      b: (await uploadModel(coordinator, projectId, { name: 'model-b', judged: { name: 'b_judged.jsonl', text: b.judged }, responses: { name: 'b.jsonl', text: b.responses } })).modelId,
    };
    owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
  });

  afterAll(async () => {
    await owner?.end();
  });

  const assignmentsOf = async () =>
    (await owner.query<{ user_id: string; model_id: string; case_id: string; record_id: string }>(
      `SELECT a.user_id, r.model_id, c.external_id AS case_id, r.id AS record_id FROM plan_review_assignments a JOIN plan_reviews pr ON pr.id = a.review_id
         JOIN eval_records r ON r.id = pr.record_id JOIN cases c ON c.id = pr.case_id`,
    )).rows;

  it('[COORDINATOR] samples stratified by case, k physicians each with balanced load, only eligible physicians', async () => {
    const result = await sampleForReview(coordinator, { projectId, perModel: 4, k: 2, seed: 11, modelIds: [models.a, models.b] });
    // model-b has 4 records with a plan, but 2 are perturbations (Card001-1, Card002-4): only its 2 base-case records are drawn.
    expect(result.perModel.map((m) => [m.name, m.sampled])).toEqual([['model-a', 4], ['model-b', 2]]);
    expect(result.skippedCases).toEqual([{ caseId: 'Pulm001', specialty: 'Pulm', eligible: 1 }]);
    expect([result.reviews, result.assignments]).toEqual([6, 12]);
    const rows = await assignmentsOf();
    // Stratified: model-a's 4 are 2 of Card001 and 2 of Card002 (Pulm001 skipped); model-b has only 2 base records with a plan.
    const reviewsOf = (model: string, caseId: string) => new Set(rows.filter((r) => r.model_id === model && r.case_id === caseId).map((r) => r.record_id)).size;
    expect([reviewsOf(models.a, 'Card001'), reviewsOf(models.a, 'Card002'), reviewsOf(models.a, 'Pulm001')]).toEqual([2, 2, 0]);
    expect([reviewsOf(models.b, 'Card001'), reviewsOf(models.b, 'Card002')]).toEqual([1, 1]);
    const perturbations = await owner.query(`SELECT r.record_id FROM plan_reviews pr JOIN eval_records r ON r.id = pr.record_id JOIN cases c ON c.id = pr.case_id WHERE r.record_id <> c.external_id`);
    expect(perturbations.rows).toEqual([]);
    // 12 assignments over 4 cardiologists: 3 each; nobody else.
    const load = new Map<string, number>();
    for (const r of rows) load.set(r.user_id, (load.get(r.user_id) ?? 0) + 1);
    expect(new Set(load.keys())).toEqual(new Set(cardiologists.map((c) => c.id)));
    expect([...load.values()]).toEqual([3, 3, 3, 3]);
    const noPlan = await owner.query(`SELECT 1 FROM plan_reviews pr JOIN eval_records r ON r.id = pr.record_id WHERE r.response IS NULL`);
    expect(noPlan.rowCount).toBe(0);
  });

  it('[COORDINATOR] a second sampling never takes a record twice; outsiders and physicians cannot sample', async () => {
    const before = new Set((await assignmentsOf()).map((r) => r.record_id));
    const result = await sampleForReview(coordinator, { projectId, perModel: 3, k: 2, seed: 11, modelIds: [models.a, models.b] });
    expect(result.perModel.map((m) => [m.name, m.sampled])).toEqual([['model-a', 3], ['model-b', 0]]);
    const after = await owner.query<{ record_id: string; n: string }>('SELECT record_id, count(*) AS n FROM plan_reviews GROUP BY record_id');
    expect(after.rows.every((r) => r.n === '1')).toBe(true);
    expect(after.rowCount).toBe(before.size + 3);
    const stranger = await makeUser('COORDINATOR');
    await expect(sampleForReview(stranger, { projectId, perModel: 1, k: 2, seed: 0, modelIds: [models.a] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sampleForReview(cardiologists[0], { projectId, perModel: 1, k: 2, seed: 0, modelIds: [models.a] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A model whose plans were sampled keeps them: deleting it is refused with the reason, not a database error.
    await expect(deleteModel(coordinator, models.a)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('sampled for physicians to judge') });
  });

  it('the database checks verdict values, one verdict per option, options of the case, and who is assigned', async () => {
    const { rows: [a] } = await owner.query<{ id: string; review_id: string }>('SELECT id, review_id FROM plan_review_assignments ORDER BY id LIMIT 1');
    const insert = 'INSERT INTO plan_verdicts (id, assignment_id, option_number, verdict, given_at, updated_at) VALUES ($1, $2, $3, $4, now(), now())';
    expect(await sqlState(owner, insert, ['v-bad', a.id, 1, 'maybe'])).toBe('23514');
    expect(await sqlState(owner, insert, ['v-1', a.id, 1, 'yes'])).toBe('ok');
    expect(await sqlState(owner, insert, ['v-2', a.id, 1, 'no'])).toBe('23505');
    expect(await sqlState(owner, insert, ['v-3', a.id, 999, 'no'])).toBe('P0403');
    expect(await sqlState(owner, 'DELETE FROM plan_verdicts WHERE id = $1', ['v-1'])).toBe('P0403');
    const assign = 'INSERT INTO plan_review_assignments (id, review_id, user_id) VALUES ($1, $2, $3)';
    expect(await sqlState(owner, assign, ['pa-1', a.review_id, coordinator.id])).toBe('P0403');
    expect(await sqlState(owner, assign, ['pa-2', a.review_id, outsider.id])).toBe('P0403');
    expect(await sqlState(owner, assign, ['pa-3', a.review_id, pulmonologist.id])).toBe('P0403');
    expect(await sqlState(owner, 'UPDATE plan_review_assignments SET user_id = $1 WHERE id = $2', [pulmonologist.id, a.id])).toBe('P0403');
  });

  it('[PHYSICIAN] saves verdicts (newest wins, idempotent), kept in the history; submits only when all are answered', async () => {
    const me = cardiologists[1];
    // A review of theirs nobody has answered yet (the test before wrote a verdict into the first assignment by id, which may be theirs).
    const mine = (await listMyReviews(me)).find((r) => r.answered === 0)!;
    expect(mine).toMatchObject({ answered: 0, submitted: false, projectName: expect.any(String) });
    const view = await getReviewForJudging(me, mine.reviewId);
    const first = view.options[0].id;
    const t = Date.now() - 10_000;
    expect(await saveVerdict(me, { reviewId: mine.reviewId, optionId: first, verdict: 'yes', givenAt: t + 2 })).toMatchObject({ verdict: 'yes', answered: 1, total: view.options.length });
    // An older save arriving late loses; the same save again changes nothing.
    expect((await saveVerdict(me, { reviewId: mine.reviewId, optionId: first, verdict: 'no', givenAt: t + 1 })).verdict).toBe('yes');
    expect((await saveVerdict(me, { reviewId: mine.reviewId, optionId: first, verdict: 'yes', givenAt: t + 2 })).verdict).toBe('yes');
    expect((await saveVerdict(me, { reviewId: mine.reviewId, optionId: first, verdict: 'partial', givenAt: t + 3 })).verdict).toBe('partial');
    const history = await owner.query(
      `SELECT h.old_verdict, h.new_verdict, h.changed_by FROM plan_verdict_history h JOIN plan_review_assignments a ON a.id = h.assignment_id
        WHERE a.review_id = $1 AND a.user_id = $2 AND h.option_number = $3 ORDER BY h.id`,
      [mine.reviewId, me.id, first],
    );
    expect(history.rows).toEqual([{ old_verdict: null, new_verdict: 'yes', changed_by: me.id }, { old_verdict: 'yes', new_verdict: 'partial', changed_by: me.id }]);

    await expect(submitReview(me, mine.reviewId)).rejects.toMatchObject({ code: 'CONFLICT' });
    const { rows: [foreign] } = await owner.query<{ id: string }>(
      'SELECT pr.id FROM plan_reviews pr WHERE NOT EXISTS (SELECT 1 FROM plan_review_assignments a WHERE a.review_id = pr.id AND a.user_id = $1) LIMIT 1',
      [me.id],
    );
    await expect(saveVerdict(me, { reviewId: foreign.id, optionId: first, verdict: 'yes', givenAt: Date.now() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getReviewForJudging(me, foreign.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getReviewForJudging(coordinator, mine.reviewId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(saveVerdict(me, { reviewId: mine.reviewId, optionId: 999, verdict: 'yes', givenAt: Date.now() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const option of view.options.slice(1)) await saveVerdict(me, { reviewId: mine.reviewId, optionId: option.id, verdict: 'no', givenAt: Date.now() });
    await expect(submitReview(me, mine.reviewId)).resolves.toMatchObject({ submittedAt: expect.any(String) });
    expect((await listMyReviews(me)).find((r) => r.reviewId === mine.reviewId)).toMatchObject({ submitted: true, answered: view.options.length });
  });

  it('[COORDINATOR] the overview counts submitted reviews only and compares the judge with the consensus', async () => {
    const overview = await getReviewOverview(coordinator, projectId, { bootstrap: 200 });
    expect(overview.progress).toMatchObject({ reviews: 9, assignments: 18, submitted: 1, reviewsComplete: 0 });
    expect(overview.scores).toEqual({ variant: 'reference', releaseVersion: null });
    // One submitted physician: no pair yet; the judge is compared on every option of that plan.
    expect(overview.physicians.pairs).toEqual([]);
    const [mine] = (await listMyReviews(cardiologists[1])).filter((r) => r.submitted);
    expect(overview.judge.overall.n).toBe(mine.total);
    expect(overview.comparisons).toHaveLength(1);
    expect(overview.comparisons[0].records).toBe(1);
    await expect(getReviewOverview(outsider, projectId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(getReviewOverview(await makeUser('COORDINATOR'), projectId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('[PHYSICIAN] two concurrent submits: one succeeds and is audited once, the other gets CONFLICT; disagreement leaves options unresolved', async () => {
    const [mine] = (await listMyReviews(cardiologists[1])).filter((r) => r.submitted);
    const { rows: [other] } = await owner.query<{ user_id: string }>('SELECT user_id FROM plan_review_assignments WHERE review_id = $1 AND user_id <> $2', [mine.reviewId, cardiologists[1].id]);
    const colleague = cardiologists.find((c) => c.id === other.user_id)!;
    const view = await getReviewForJudging(colleague, mine.reviewId);
    // cardiologists[1] said partial to the first option and no to the rest; the colleague says no to all.
    for (const option of view.options) await saveVerdict(colleague, { reviewId: mine.reviewId, optionId: option.id, verdict: 'no', givenAt: Date.now() });
    const results = await Promise.allSettled([submitReview(colleague, mine.reviewId), submitReview(colleague, mine.reviewId)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT', message: expect.stringContaining('already submitted') } });
    const audits = await owner.query(`SELECT 1 FROM audit_events WHERE action = 'plan_review.submit' AND entity_id = $1 AND actor_id = $2`, [mine.reviewId, colleague.id]);
    expect(audits.rowCount).toBe(1);

    const overview = await getReviewOverview(coordinator, projectId, { bootstrap: 200 });
    expect(overview.progress).toMatchObject({ submitted: 2, reviewsComplete: 1 });
    // partial + no: no majority, left out of the judge's comparison; physicians' agreement uses every verdict.
    expect([overview.judge.overall.n, overview.judge.overall.unresolved]).toEqual([view.options.length - 1, 1]);
    expect(overview.physicians.n).toBe(view.options.length);
    // The one reviewed record has an unresolved option: left out of the metrics on both sides.
    expect(overview.comparisons.map((c) => [c.records, c.unresolved, c.judge, c.human])).toEqual([[0, 1, null, null]]);
  });

  it('the database keeps a submitted assignment submitted, with its review and physician', async () => {
    const { rows: [done] } = await owner.query<{ id: string }>('SELECT id FROM plan_review_assignments WHERE submitted_at IS NOT NULL ORDER BY id LIMIT 1');
    const { rows: [open] } = await owner.query<{ id: string }>('SELECT id FROM plan_review_assignments WHERE submitted_at IS NULL ORDER BY id LIMIT 1');
    expect(await sqlState(owner, 'UPDATE plan_review_assignments SET submitted_at = NULL WHERE id = $1', [done.id])).toBe('P0403');
    expect(await sqlState(owner, "UPDATE plan_review_assignments SET submitted_at = submitted_at + interval '1 hour' WHERE id = $1", [done.id])).toBe('P0403');
    expect(await sqlState(owner, 'UPDATE plan_review_assignments SET user_id = $1 WHERE id = $2', [cardiologists[3].id, done.id])).toBe('P0403');
    // An open assignment can still be submitted (checked inside a transaction that is rolled back).
    await owner.query('BEGIN');
    try {
      expect(await sqlState(owner, 'UPDATE plan_review_assignments SET submitted_at = now() WHERE id = $1', [open.id])).toBe('ok');
    } finally {
      await owner.query('ROLLBACK');
    }
    const { rows: [still] } = await owner.query<{ submitted: boolean }>('SELECT submitted_at IS NOT NULL AS submitted FROM plan_review_assignments WHERE id = $1', [done.id]);
    expect(still.submitted).toBe(true);
  });

  it('[APP ROLE] writes verdicts (history by the trigger) but cannot forge, change or delete the history', async () => {
    const app = await createAppRole(inject('adminUrl'), process.env.DATABASE_URL!);
    const asApp = new pg.Client({ connectionString: app.url });
    await asApp.connect();
    try {
      const { rows: [v] } = await owner.query<{ id: string; assignment_id: string; option_number: number }>("SELECT id, assignment_id, option_number FROM plan_verdicts WHERE id = 'v-1'");
      const count = async () => Number((await owner.query<{ n: string }>('SELECT count(*) AS n FROM plan_verdict_history')).rows[0].n);
      const before = await count();
      expect(await sqlState(asApp, "UPDATE plan_verdicts SET verdict = 'partial', given_at = now() WHERE id = 'v-1'")).toBe('ok');
      expect(await count()).toBe(before + 1);
      const refused = [
        [`INSERT INTO plan_verdict_history (verdict_id, assignment_id, option_number, old_verdict, new_verdict) VALUES ('forged', '${v.assignment_id}', ${v.option_number}, NULL, 'yes')`, '42501'],
        ['UPDATE plan_verdict_history SET new_verdict = \'no\'', '42501'],
        ['DELETE FROM plan_verdict_history', '42501'],
        ['TRUNCATE plan_verdict_history', '42501'],
        ['ALTER TABLE plan_verdict_history DISABLE TRIGGER plan_verdict_history_guard', '42501'],
        ['ALTER FUNCTION primum_record_plan_verdict_history() SECURITY INVOKER', '42501'],
        ["DELETE FROM plan_verdicts WHERE id = 'v-1'", 'P0403'],
      ];
      const states = [];
      for (const [sql] of refused) states.push([sql, await sqlState(asApp, sql)]);
      expect(states).toEqual(refused);
      expect(await count()).toBe(before + 1);
    } finally {
      await asApp.end();
      await app.drop();
    }
  });
});
