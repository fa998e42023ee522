import 'server-only';
import { randomUUID } from 'node:crypto';
import { recordAudit } from '@/lib/audit';
import { canCoordinate, type SessionUser } from '@/lib/auth/roles';
import { getDb, setActor, type Db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { requireProjectAccess } from '@/lib/projects/membership';
import { assignReviewers, sampleRecords, type Candidate } from './sample';
import { sampleSchema, saveVerdictSchema, type SampleInput, type SaveVerdictInput } from './schema';
import type { Verdict } from './verdicts';

/**
 * Human review of judged plans (issue 10): sampling plans and giving them to physicians, and a
 * physician's verdicts. Every function checks who acts; writes and their audit rows share a
 * transaction; the database checks the rest (migration 20261201001000_plan_reviews).
 */

export type SampleResult = { reviews: number; assignments: number; perModel: Array<{ modelId: string; name: string; sampled: number }>; skippedCases: Array<{ caseId: string; specialty: string; eligible: number }> };

type CandidateRow = { record_db_id: string; model_id: string; case_db_id: string; case_id: string; specialty_id: string; specialty: string };
type EligibleRow = { user_id: string; specialty_id: string };

/**
 * The physicians who may judge a project's plans, per specialty: active physicians of the specialty
 * who are members of the project (real physicians for real projects, demo logins for the demo, as
 * lib/assignment gives cases).
 */
async function eligiblePhysicians(db: Db | Tx, projectId: string): Promise<Map<string, string[]>> {
  const rows = await db.$queryRaw<EligibleRow[]>`
    SELECT u.id AS user_id, us.specialty_id FROM users u
      JOIN user_specialties us ON us.user_id = u.id
      JOIN project_members pm ON pm.user_id = u.id AND pm.project_id = ${projectId}
      JOIN projects p ON p.id = pm.project_id
     WHERE u.role = 'PHYSICIAN' AND u.is_active AND NOT u.is_simulated AND u.is_demo = p.is_demo
     ORDER BY u.id`;
  const out = new Map<string, string[]>();
  for (const row of rows) out.set(row.specialty_id, [...(out.get(row.specialty_id) ?? []), row.user_id]);
  return out;
}

/**
 * Sample up to `perModel` plans of each chosen model, stratified by case, for review by `k`
 * physicians each. Only base-case records (record id = the case's id: a perturbation such as
 * `Card001-3` was answered to a changed presentation that Primum does not store, so the physician
 * would judge it against the wrong text) with a plan text, not reviewed before, of cases whose
 * specialty has at least k eligible physicians (the others are returned as skipped).
 */
export async function sampleForReview(user: SessionUser, raw: SampleInput, db: Db = getDb()): Promise<SampleResult> {
  if (!canCoordinate(user.role)) throw new AppError('FORBIDDEN', 'Only coordinators sample plans for review.');
  const input = sampleSchema.parse(raw);
  await requireProjectAccess(user, input.projectId);
  const models = await db.evalModel.findMany({ where: { projectId: input.projectId, id: { in: input.modelIds } }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  if (models.length !== new Set(input.modelIds).size) throw new AppError('NOT_FOUND', 'A chosen model is not uploaded to this project; reload the page.');

  return db.$transaction(async (tx) => {
    // One sampling per project at a time: two runs would otherwise draw the same record.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`plan-review:${input.projectId}`}))`;
    const rows = await tx.$queryRaw<CandidateRow[]>`
      SELECT r.id AS record_db_id, r.model_id, c.id AS case_db_id, c.external_id AS case_id, c.specialty_id, s.code AS specialty
        FROM eval_records r JOIN cases c ON c.id = r.case_id JOIN specialties s ON s.id = c.specialty_id
       WHERE r.model_id = ANY(${models.map((m) => m.id)}) AND r.response IS NOT NULL AND btrim(r.response) <> ''
         AND r.record_id = c.external_id
         AND NOT EXISTS (SELECT 1 FROM plan_reviews pr WHERE pr.record_id = r.id)`;
    const eligible = await eligiblePhysicians(tx, input.projectId);
    const specialtyOf = new Map(rows.map((r) => [r.case_db_id, r.specialty_id]));
    const skipped = new Map<string, SampleResult['skippedCases'][number]>();
    const candidates: Candidate[] = [];
    for (const row of rows) {
      const count = eligible.get(row.specialty_id)?.length ?? 0;
      if (count >= input.k) candidates.push({ recordDbId: row.record_db_id, modelId: row.model_id, caseDbId: row.case_db_id, caseId: row.case_id });
      else skipped.set(row.case_id, { caseId: row.case_id, specialty: row.specialty, eligible: count });
    }
    const chosen = sampleRecords(candidates, { perModel: input.perModel, seed: input.seed });
    const open = await tx.$queryRaw<Array<{ user_id: string; n: bigint }>>`
      SELECT a.user_id, count(*) AS n FROM plan_review_assignments a JOIN plan_reviews pr ON pr.id = a.review_id
       WHERE pr.project_id = ${input.projectId} AND a.submitted_at IS NULL GROUP BY a.user_id`;
    const picks = assignReviewers(
      chosen.map((c) => ({ eligible: eligible.get(specialtyOf.get(c.caseDbId)!) ?? [] })),
      { k: input.k, seed: input.seed, load: new Map(open.map((o) => [o.user_id, Number(o.n)])) },
    );
    const reviews = chosen.map((c) => ({ id: randomUUID(), projectId: input.projectId, recordId: c.recordDbId, caseId: c.caseDbId, k: input.k, seed: input.seed, sampledById: user.id }));
    const assignments = picks.flatMap((p) => p.userIds.map((userId) => ({ id: randomUUID(), reviewId: reviews[p.reviewIndex].id, userId })));
    if (reviews.length > 0) {
      await tx.planReview.createMany({ data: reviews });
      await tx.planReviewAssignment.createMany({ data: assignments });
    }
    const perModel = models.map((m) => ({ modelId: m.id, name: m.name, sampled: chosen.filter((c) => c.modelId === m.id).length }));
    await recordAudit(tx, {
      actorId: user.id,
      action: 'plan_review.sample',
      entityType: 'project',
      entityId: input.projectId,
      data: { perModel: input.perModel, k: input.k, seed: input.seed, models: perModel.map((m) => ({ name: m.name, sampled: m.sampled })), reviews: reviews.length, assignments: assignments.length },
    });
    return { reviews: reviews.length, assignments: assignments.length, perModel, skippedCases: [...skipped.values()].sort((a, b) => a.caseId.localeCompare(b.caseId)) };
  });
}

type AssignmentRef = { id: string; caseId: string };

/** The user's own assignment on a review; NOT_FOUND for anyone else (no hint that it exists). */
async function myAssignment(db: Db, user: SessionUser, reviewId: string): Promise<AssignmentRef> {
  if (user.role !== 'PHYSICIAN') throw new AppError('NOT_FOUND', 'No such plan to judge.');
  const found = await db.planReviewAssignment.findUnique({
    where: { reviewId_userId: { reviewId, userId: user.id } },
    select: { id: true, review: { select: { caseId: true } } },
  });
  if (!found) throw new AppError('NOT_FOUND', 'No such plan to judge.');
  return { id: found.id, caseId: found.review.caseId };
}

export type SavedVerdict = { optionId: number; verdict: Verdict; answered: number; total: number };

/**
 * Save one verdict. Idempotent, and the newest wins: a save carries when the physician gave it, and
 * an older save arriving late never overwrites a newer verdict (the answer says what is stored).
 */
export async function saveVerdict(user: SessionUser, raw: SaveVerdictInput, db: Db = getDb()): Promise<SavedVerdict> {
  const input = saveVerdictSchema.parse(raw);
  const assignment = await myAssignment(db, user, input.reviewId);
  const option = await db.option.findUnique({ where: { caseId_number: { caseId: assignment.caseId, number: input.optionId } }, select: { id: true } });
  if (!option) throw new AppError('NOT_FOUND', 'No such option in this case.');
  const givenAt = new Date(Math.min(input.givenAt, Date.now()));
  return db.$transaction(async (tx) => {
    await setActor(tx, user.id);
    await tx.$executeRaw`
      INSERT INTO plan_verdicts (id, assignment_id, option_number, verdict, given_at, updated_at)
      VALUES (${randomUUID()}, ${assignment.id}, ${input.optionId}, ${input.verdict}, ${givenAt}, CURRENT_TIMESTAMP)
      ON CONFLICT (assignment_id, option_number) DO UPDATE SET verdict = EXCLUDED.verdict, given_at = EXCLUDED.given_at, updated_at = CURRENT_TIMESTAMP
      WHERE plan_verdicts.given_at <= EXCLUDED.given_at`;
    const stored = await tx.planVerdict.findUniqueOrThrow({ where: { assignmentId_optionNumber: { assignmentId: assignment.id, optionNumber: input.optionId } }, select: { verdict: true } });
    const [answered, total] = await Promise.all([
      tx.planVerdict.count({ where: { assignmentId: assignment.id } }),
      tx.option.count({ where: { caseId: assignment.caseId } }),
    ]);
    return { optionId: input.optionId, verdict: stored.verdict as Verdict, answered, total };
  });
}

/**
 * Submit one's review: every rubric option answered. Verdicts can still be changed afterwards (history
 * kept). The submit is a conditional update inside the transaction, so of two concurrent submits one
 * changes the row (and writes the audit row) and the other gets CONFLICT.
 */
export async function submitReview(user: SessionUser, reviewId: string, db: Db = getDb()): Promise<{ submittedAt: string }> {
  const assignment = await myAssignment(db, user, reviewId);
  return db.$transaction(async (tx) => {
    const [answered, total] = await Promise.all([
      tx.planVerdict.count({ where: { assignmentId: assignment.id } }),
      tx.option.count({ where: { caseId: assignment.caseId } }),
    ]);
    if (answered < total) throw new AppError('CONFLICT', `Answer every option first: ${total - answered} of ${total} still open.`);
    const submittedAt = new Date();
    const { count } = await tx.planReviewAssignment.updateMany({ where: { id: assignment.id, submittedAt: null }, data: { submittedAt } });
    if (count === 0) throw new AppError('CONFLICT', 'This review is already submitted; changed verdicts are saved as you give them.');
    await recordAudit(tx, { actorId: user.id, action: 'plan_review.submit', entityType: 'plan_review', entityId: reviewId, data: { assignmentId: assignment.id, verdicts: answered } });
    return { submittedAt: submittedAt.toISOString() };
  });
}
