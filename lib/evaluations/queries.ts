import 'server-only';
import type { SessionUser } from '@/lib/auth/roles';
import { getDb, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { baseCaseOf } from '@/lib/evaluation/parse';
import { scoreRecord } from '@/lib/evaluation/record';
import type { Harm, JudgedRecord, OptionVerdict, RecordScore } from '@/lib/evaluation/types';
import { loadScoringCases } from '@/lib/evaluations/cases';
import { optionScore, rubricOfCase, VARIANTS, type EvaluationResult, type Variant } from '@/lib/evaluations/compute';
import { MANIFEST } from '@/lib/releases/archive/types';
import { requireEvaluationAccess } from '@/lib/evaluations/access';

/** What the evaluation pages show (server-side reads in one place; pages stay thin). */

export type EvalModelRow = { id: string; name: string; judgedFile: string; responsesFile: string | null; records: number; uploadedAt: string; uploadedBy: string; evaluations: number };

export async function listEvalModels(user: SessionUser, projectId: string, db: Db = getDb()): Promise<EvalModelRow[]> {
  await requireEvaluationAccess(user, projectId);
  const models = await db.evalModel.findMany({
    where: { projectId },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, judgedFile: true, responsesFile: true, recordCount: true, uploadedAt: true, uploadedBy: { select: { name: true } }, _count: { select: { evaluations: true } } },
  });
  return models.map((m) => ({
    id: m.id,
    name: m.name,
    judgedFile: m.judgedFile,
    responsesFile: m.responsesFile,
    records: m.recordCount,
    uploadedAt: m.uploadedAt.toISOString(),
    uploadedBy: m.uploadedBy.name,
    evaluations: m._count.evaluations,
  }));
}

export type EvaluationListRow = { id: string; createdAt: string; createdBy: string; releaseVersion: number; releaseId: string | null; models: number; bootstrap: number; seed: number };

export async function listEvaluations(user: SessionUser, projectId: string, db: Db = getDb()): Promise<EvaluationListRow[]> {
  await requireEvaluationAccess(user, projectId);
  const rows = await db.evaluation.findMany({
    where: { projectId },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true, createdAt: true, bootstrap: true, seed: true,
      createdBy: { select: { name: true } },
      release: { select: { version: true, files: { where: { path: MANIFEST }, select: { sha256: true } } } },
      _count: { select: { models: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy.name,
    releaseVersion: r.release.version,
    releaseId: r.release.files[0]?.sha256 ?? null,
    models: r._count.models,
    bootstrap: r.bootstrap,
    seed: r.seed,
  }));
}

export type EvaluationDetail = {
  id: string;
  projectId: string;
  createdAt: string;
  createdBy: string;
  release: { dbId: string; version: number; id: string | null };
  result: EvaluationResult;
};

/** One evaluation of a project the user may see; NOT_FOUND otherwise. */
export async function getEvaluation(user: SessionUser, evaluationId: string, db: Db = getDb()): Promise<EvaluationDetail> {
  const row = await db.evaluation.findUnique({
    where: { id: evaluationId },
    select: {
      id: true, projectId: true, createdAt: true, result: true,
      createdBy: { select: { name: true } },
      release: { select: { id: true, version: true, files: { where: { path: MANIFEST }, select: { sha256: true } } } },
    },
  });
  if (!row) throw new AppError('NOT_FOUND', 'No such evaluation.');
  await requireEvaluationAccess(user, row.projectId).catch((error: unknown) => {
    // Outside the user's projects an evaluation does not exist; a role refusal stays a refusal.
    throw error instanceof AppError && error.code === 'NOT_FOUND' ? new AppError('NOT_FOUND', 'No such evaluation.') : error;
  });
  return {
    id: row.id,
    projectId: row.projectId,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy.name,
    release: { dbId: row.release.id, version: row.release.version, id: row.release.files[0]?.sha256 ?? null },
    result: row.result as unknown as EvaluationResult,
  };
}

export type ModelOptionView = { id: number; text: string; category: string; score: number | null; otherScore: number | null; verdict: 'matched' | 'partial' | 'no' };
export type ModelRecordView = { recordId: string; trial: number; response: string | null; responseLen: number | null; score: RecordScore; options: ModelOptionView[]; actions: Array<{ match: number[]; score: number | null }> };
export type ModelCaseView = { caseId: string; specialty: string; records: ModelRecordView[] };
export type ModelDetail = { evaluation: EvaluationDetail; model: { id: string; name: string }; variant: Variant; cases: ModelCaseView[] };

type StoredRecord = { record_id: string; trial: number; response: string | null; response_len: number | null; verdicts: OptionVerdict[]; actions: JudgedRecord['actions'] };

/**
 * A model's records in an evaluation, scored again under one variant (the same pure functions the
 * evaluation used, so the figures match): each record's plan, verdicts per rubric option and harms.
 */
export async function getModelDetail(user: SessionUser, options: { evaluationId: string; modelId: string; variant: Variant }, db: Db = getDb()): Promise<ModelDetail> {
  const evaluation = await getEvaluation(user, options.evaluationId, db);
  const member = await db.evaluationModel.findUnique({ where: { evaluationId_modelId: { evaluationId: evaluation.id, modelId: options.modelId } }, select: { model: { select: { id: true, name: true } } } });
  if (!member) throw new AppError('NOT_FOUND', 'This model is not part of this evaluation.');
  const other: Variant = VARIANTS.find((v) => v !== options.variant)!;
  const cases = await loadScoringCases(db, evaluation.projectId, evaluation.release.dbId);
  const byCase = new Map(cases.map((c) => [c.caseId, c]));
  const records = await db.$queryRaw<StoredRecord[]>`
    SELECT record_id, trial, response, response_len, verdicts, actions FROM eval_records WHERE model_id = ${options.modelId} ORDER BY position`;
  const views = new Map<string, ModelCaseView>();
  for (const record of records) {
    const scoringCase = byCase.get(baseCaseOf(record.record_id));
    if (!scoringCase) continue;
    const judged: JudgedRecord = { id: record.record_id, trial: record.trial, responseLen: record.response_len, options: record.verdicts, actions: record.actions };
    const verdicts = new Map(record.verdicts.map((v) => [v.id, v]));
    const view = views.get(scoringCase.caseId) ?? { caseId: scoringCase.caseId, specialty: scoringCase.specialty.name, records: [] };
    view.records.push({
      recordId: record.record_id,
      trial: record.trial,
      response: record.response,
      responseLen: record.response_len,
      score: scoreRecord(rubricOfCase(scoringCase, options.variant), judged),
      options: scoringCase.options.map((o) => {
        const verdict = verdicts.get(o.id);
        return {
          id: o.id,
          text: o.text,
          category: o.category,
          score: optionScore(o, options.variant),
          otherScore: optionScore(o, other),
          verdict: verdict?.matched ? (verdict.partial ? 'partial' : 'matched') : 'no',
        };
      }),
      actions: record.actions.map((a) => ({ match: [...a.match], score: a.score ?? null })),
    });
    views.set(scoringCase.caseId, view);
  }
  return { evaluation, model: member.model, variant: options.variant, cases: [...views.values()].sort((a, b) => a.caseId.localeCompare(b.caseId)) };
}

export type { Harm };
