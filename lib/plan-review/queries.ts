import 'server-only';
import { canCoordinate, type SessionUser } from '@/lib/auth/roles';
import { getDb, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { JudgedRecord, OptionVerdict } from '@/lib/evaluation/types';
import { loadScoringCases } from '@/lib/evaluations/cases';
import { optionScore, rubricsOf, type ScoringCase } from '@/lib/evaluations/compute';
import { requireProjectAccess } from '@/lib/projects/membership';
import { judgeAgreement, physicianAgreement, type JudgeAgreement, type PhysicianAgreement, type ReviewedPlan } from './agreement';
import { compareModels, type ModelComparison } from './metrics';
import type { Verdict } from './verdicts';

/** What the physician's and the coordinator's review pages read (server-side, in one place). */

/**
 * `plan` numbers a physician's plans of one case (1..plansOfCase) in a fixed order that says nothing
 * about the model: by a hash of the review id (ids are time-ordered, and sampling goes model by model).
 */
export type MyReviewRow = { reviewId: string; caseId: string; plan: number; plansOfCase: number; specialty: string; projectName: string; answered: number; total: number; submitted: boolean };

/** A physician's plans to judge, open ones first. Nothing about the model or the judge. */
export async function listMyReviews(user: SessionUser, db: Db = getDb()): Promise<MyReviewRow[]> {
  if (user.role !== 'PHYSICIAN') return [];
  const rows = await db.$queryRaw<Array<{ review_id: string; case_id: string; plan: number; plans_of_case: number; specialty: string; project_name: string; answered: number; total: number; submitted: boolean }>>`
    SELECT a.review_id, c.external_id AS case_id, s.name AS specialty, p.name AS project_name,
           (row_number() OVER (PARTITION BY pr.case_id ORDER BY md5(a.review_id)))::int AS plan,
           (count(*) OVER (PARTITION BY pr.case_id))::int AS plans_of_case,
           (SELECT count(*)::int FROM plan_verdicts v WHERE v.assignment_id = a.id) AS answered,
           (SELECT count(*)::int FROM options o WHERE o.case_id = c.id) AS total,
           a.submitted_at IS NOT NULL AS submitted
      FROM plan_review_assignments a JOIN plan_reviews pr ON pr.id = a.review_id JOIN cases c ON c.id = pr.case_id
      JOIN specialties s ON s.id = c.specialty_id JOIN projects p ON p.id = pr.project_id
     WHERE a.user_id = ${user.id}
     ORDER BY (a.submitted_at IS NOT NULL), a.assigned_at, a.id`;
  return rows.map((r) => ({ reviewId: r.review_id, caseId: r.case_id, plan: r.plan, plansOfCase: r.plans_of_case, specialty: r.specialty, projectName: r.project_name, answered: r.answered, total: r.total, submitted: r.submitted }));
}

/** Exactly what the physician's screen receives: the case, the plan and the options. Blinded by construction. */
export type ReviewForJudging = {
  reviewId: string;
  caseId: string;
  specialty: string;
  presentation: string;
  plan: string;
  options: Array<{ id: number; text: string; category: string }>;
  myVerdicts: Record<number, Verdict>;
  submitted: boolean;
  /** The next open plan of this physician, for "submit and go on". */
  nextReviewId: string | null;
};

export async function getReviewForJudging(user: SessionUser, reviewId: string, db: Db = getDb()): Promise<ReviewForJudging> {
  if (user.role !== 'PHYSICIAN') throw new AppError('NOT_FOUND', 'No such plan to judge.');
  const assignment = await db.planReviewAssignment.findUnique({
    where: { reviewId_userId: { reviewId, userId: user.id } },
    select: {
      id: true,
      submittedAt: true,
      verdicts: { select: { optionNumber: true, verdict: true } },
      review: {
        select: {
          record: { select: { response: true } },
          case: { select: { externalId: true, presentation: true, specialty: { select: { name: true } }, options: { orderBy: { position: 'asc' }, select: { number: true, text: true, category: true } } } },
        },
      },
    },
  });
  if (!assignment) throw new AppError('NOT_FOUND', 'No such plan to judge.');
  const next = await db.planReviewAssignment.findFirst({
    where: { userId: user.id, submittedAt: null, reviewId: { not: reviewId } },
    orderBy: [{ assignedAt: 'asc' }, { id: 'asc' }],
    select: { reviewId: true },
  });
  const c = assignment.review.case;
  return {
    reviewId,
    caseId: c.externalId,
    specialty: c.specialty.name,
    presentation: c.presentation,
    plan: assignment.review.record.response ?? '',
    options: c.options.map((o) => ({ id: o.number, text: o.text, category: o.category })),
    myVerdicts: Object.fromEntries(assignment.verdicts.map((v) => [v.optionNumber, v.verdict as Verdict])),
    submitted: assignment.submittedAt !== null,
    nextReviewId: next?.reviewId ?? null,
  };
}

/** `withPlan`: base-case records with a plan text, the ones sampling can draw (perturbations are not). */
export type ReviewModelRow = { id: string; name: string; withPlan: number; sampled: number; complete: number };
export type ReviewOverview = {
  models: ReviewModelRow[];
  progress: { reviews: number; reviewsComplete: number; reviewsStarted: number; assignments: number; submitted: number };
  scores: { variant: 'gold' | 'reference'; releaseVersion: number | null };
  physicians: PhysicianAgreement & { names: Record<string, string> };
  judge: JudgeAgreement;
  comparisons: ModelComparison[];
};

type ReviewRow = {
  review_id: string; model_id: string; record_id: string; trial: number; response_len: number | null; verdicts: OptionVerdict[]; actions: JudgedRecord['actions'];
  case_id: string; k: number;
};
type VerdictRow = { review_id: string; user_id: string; submitted: boolean; option_number: number | null; verdict: Verdict | null };

/**
 * The coordinator's view of the human review: progress, agreement between physicians, the AI judge
 * against the physicians' consensus, and the models' metrics from both. A plan counts once at least
 * one of its physicians submitted (consensus of those who did); drafts never count.
 */
export async function getReviewOverview(user: SessionUser, projectId: string, options: { bootstrap?: number } = {}, db: Db = getDb()): Promise<ReviewOverview> {
  if (!canCoordinate(user.role)) throw new AppError('FORBIDDEN', 'Only coordinators see the human review.');
  await requireProjectAccess(user, projectId);
  const [models, reviews, verdictRows, release, names] = await Promise.all([
    db.$queryRaw<Array<{ id: string; name: string; with_plan: number }>>`
      SELECT m.id, m.name, (SELECT count(*)::int FROM eval_records r JOIN cases c ON c.id = r.case_id
                             WHERE r.model_id = m.id AND r.record_id = c.external_id AND r.response IS NOT NULL AND btrim(r.response) <> '') AS with_plan
        FROM eval_models m WHERE m.project_id = ${projectId} ORDER BY m.name`,
    db.$queryRaw<ReviewRow[]>`
      SELECT pr.id AS review_id, r.model_id, r.record_id, r.trial, r.response_len, r.verdicts, r.actions, c.external_id AS case_id, pr.k
        FROM plan_reviews pr JOIN eval_records r ON r.id = pr.record_id JOIN cases c ON c.id = pr.case_id
       WHERE pr.project_id = ${projectId} ORDER BY pr.created_at, pr.id`,
    db.$queryRaw<VerdictRow[]>`
      SELECT a.review_id, a.user_id, a.submitted_at IS NOT NULL AS submitted, v.option_number, v.verdict
        FROM plan_review_assignments a JOIN plan_reviews pr ON pr.id = a.review_id
        LEFT JOIN plan_verdicts v ON v.assignment_id = a.id
       WHERE pr.project_id = ${projectId}`,
    db.release.findFirst({ where: { projectId }, orderBy: { version: 'desc' }, select: { id: true, version: true } }),
    db.$queryRaw<Array<{ id: string; name: string }>>`
      SELECT DISTINCT u.id, u.name FROM plan_review_assignments a JOIN plan_reviews pr ON pr.id = a.review_id JOIN users u ON u.id = a.user_id
       WHERE pr.project_id = ${projectId}`,
  ]);
  const allCases = await loadScoringCases(db, projectId);
  const releaseCases: ScoringCase[] = release ? await loadScoringCases(db, projectId, release.id) : [];
  const variant = release ? 'gold' : 'reference';
  const gold = new Map(releaseCases.map((c) => [c.caseId, new Map(c.options.map((o) => [o.id, optionScore(o, 'gold')]))]));
  const caseById = new Map(allCases.map((c) => [c.caseId, c]));

  const assignments = new Map<string, { submitted: boolean; reviewId: string; verdicts: Map<number, Verdict> }>();
  for (const row of verdictRows) {
    const key = `${row.review_id}\u0000${row.user_id}`;
    const entry = assignments.get(key) ?? { submitted: row.submitted, reviewId: row.review_id, verdicts: new Map<number, Verdict>() };
    if (row.option_number !== null && row.verdict !== null) entry.verdicts.set(row.option_number, row.verdict);
    assignments.set(key, entry);
  }
  const submittedByReview = new Map<string, Map<string, Map<number, Verdict>>>();
  const started = new Set<string>();
  for (const [key, a] of assignments) {
    if (a.verdicts.size > 0) started.add(a.reviewId);
    if (!a.submitted) continue;
    const byUser = submittedByReview.get(a.reviewId) ?? new Map<string, Map<number, Verdict>>();
    byUser.set(key.split('\u0000')[1], a.verdicts);
    submittedByReview.set(a.reviewId, byUser);
  }

  const plans: Array<ReviewedPlan & { modelId: string }> = reviews.map((r) => {
    const scoringCase = caseById.get(r.case_id);
    const goldOfCase = gold.get(r.case_id);
    return {
      reviewId: r.review_id,
      modelId: r.model_id,
      caseId: r.case_id,
      record: { id: r.record_id, trial: r.trial, responseLen: r.response_len, options: r.verdicts, actions: r.actions },
      options: (scoringCase?.options ?? []).map((o) => ({ id: o.id, text: o.text, category: o.category, score: release ? (goldOfCase?.get(o.id) ?? null) : o.referenceScore })),
      verdicts: submittedByReview.get(r.review_id) ?? new Map(),
    };
  });
  const counted = plans.filter((p) => p.verdicts.size > 0);
  const complete = new Set(reviews.filter((r) => (submittedByReview.get(r.review_id)?.size ?? 0) >= r.k).map((r) => r.review_id));
  return {
    models: models.map((m) => ({
      id: m.id,
      name: m.name,
      withPlan: m.with_plan,
      sampled: reviews.filter((r) => r.model_id === m.id).length,
      complete: reviews.filter((r) => r.model_id === m.id && complete.has(r.review_id)).length,
    })),
    progress: {
      reviews: reviews.length,
      reviewsComplete: complete.size,
      reviewsStarted: started.size,
      assignments: assignments.size,
      submitted: [...assignments.values()].filter((a) => a.submitted).length,
    },
    scores: { variant, releaseVersion: release?.version ?? null },
    physicians: { ...physicianAgreement(counted), names: Object.fromEntries(names.map((n) => [n.id, n.name])) },
    judge: judgeAgreement(counted),
    comparisons: compareModels({
      models: models.filter((m) => counted.some((p) => p.modelId === m.id)),
      plans: counted,
      rubrics: rubricsOf(release ? releaseCases : allCases, variant),
      bootstrap: options.bootstrap ?? 1000,
      seed: 0,
    }),
  };
}
