import 'server-only';
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { projectFile } from '@/lib/config/env';
import { recordAudit } from '@/lib/audit';
import type { SessionUser } from '@/lib/auth/roles';
import { getDb, type Db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { baseCaseOf, parseJudgedJsonl, parseResponsesJsonl, type EvalInputError } from '@/lib/evaluation/parse';
import type { JudgedRecord } from '@/lib/evaluation/types';
import { loadScoringCases } from '@/lib/evaluations/cases';
import { computeEvaluation, rubricsOf, type EvaluationResult, type ScoringModel } from '@/lib/evaluations/compute';
import { log } from '@/lib/log/logger';
import { EVAL_UPLOAD_LIMITS } from '@/lib/evaluations/limits';
import { requireEvaluationAccess } from '@/lib/evaluations/access';
import { createEvaluationSchema, modelNameSchema, type CreateEvaluationInput } from '@/lib/evaluations/schema';

/**
 * Models and evaluations of a project (issue 10). Every function checks the user's access to the
 * project itself; writes and their audit rows share one transaction; a refused upload writes nothing.
 */

export type UploadFile = { name: string; text: string };
export type UploadModelInput = { name?: string; judged: UploadFile; responses?: UploadFile };
export type UploadModelResult = { modelId: string; name: string; records: number; cases: number; withoutResponse: number };

function refuse(problems: EvalInputError[]): never {
  const shown = problems.slice(0, EVAL_UPLOAD_LIMITS.problems);
  const more = problems.length - shown.length;
  throw new AppError('INVALID_INPUT', `Nothing was uploaded: ${problems.length} problem(s) found.`, more > 0 ? [...shown, { file: '', line: null, reason: `and ${more} more` }] : shown);
}

export async function uploadModel(user: SessionUser, projectId: string, input: UploadModelInput, db: Db = getDb()): Promise<UploadModelResult> {
  await requireEvaluationAccess(user, projectId);
  const cases = await loadScoringCases(db, projectId);
  if (cases.length === 0) throw new AppError('CONFLICT', 'This project has no cases yet: import the rubrics before uploading model records.');
  const judged = parseJudgedJsonl(input.judged.text, input.judged.name, rubricsOf(cases, 'reference'));
  const problems = [...judged.errors];
  if (problems.length === 0 && judged.records.length === 0) problems.push({ file: input.judged.name, line: null, reason: 'no judged records in the file' });
  if (judged.records.length > EVAL_UPLOAD_LIMITS.records) problems.push({ file: input.judged.name, line: null, reason: `${judged.records.length} records; one model takes at most ${EVAL_UPLOAD_LIMITS.records}` });

  const responses = new Map<string, string>();
  if (input.responses) {
    const parsed = parseResponsesJsonl(input.responses.text, input.responses.name);
    problems.push(...parsed.errors);
    const judgedKeys = new Set(judged.records.map((r) => `${r.id}\u0000${r.trial}`));
    parsed.records.forEach((r) => {
      const key = `${r.id}\u0000${r.trial}`;
      if (!judgedKeys.has(key)) problems.push({ file: input.responses!.name, line: null, reason: `response ${r.id} trial ${r.trial} has no judged record in ${input.judged.name}` });
      responses.set(key, r.response);
    });
  }
  const named = modelNameSchema.safeParse(input.name?.trim() ? input.name : judged.model);
  if (!named.success) problems.push({ file: input.judged.name, line: null, reason: `model name: ${named.error.issues[0]?.message ?? 'invalid'}` });
  if (problems.length > 0) refuse(problems);
  const name = named.data!;

  const caseIds = new Map(cases.map((c) => [c.caseId, c.dbId]));
  const existing = await db.evalModel.findUnique({ where: { projectId_name: { projectId, name } }, select: { id: true } });
  if (existing) throw new AppError('CONFLICT', `A model named "${name}" is already uploaded to this project; choose another name or delete it first.`);

  const rows = judged.records.map((record, index) => {
    const response = responses.get(`${record.id}\u0000${record.trial}`) ?? null;
    return {
      caseId: caseIds.get(baseCaseOf(record.id))!,
      recordId: record.id,
      trial: record.trial,
      position: index + 1,
      response,
      // Only the judged record's own response_len: MODEL-EVAL.md corrects the length only when it is present.
      responseLen: record.responseLen,
      verdicts: record.options.map((o) => ({ id: o.id, matched: o.matched, partial: o.partial })),
      actions: record.actions.map((a) => ({ match: [...a.match], ...(a.score === undefined || a.score === null ? {} : { score: a.score }) })),
    };
  });
  const model = await db.$transaction(async (tx) => {
    const created = await tx.evalModel.create({
      data: { projectId, name, judgedFile: input.judged.name, responsesFile: input.responses?.name ?? null, recordCount: rows.length, uploadedById: user.id },
      select: { id: true },
    });
    for (let start = 0; start < rows.length; start += 1000) {
      await tx.evalRecord.createMany({ data: rows.slice(start, start + 1000).map((row) => ({ ...row, modelId: created.id })) });
    }
    await recordAudit(tx, {
      actorId: user.id,
      action: 'evaluation.model.upload',
      entityType: 'project',
      entityId: projectId,
      data: { modelId: created.id, name, judgedFile: input.judged.name, responsesFile: input.responses?.name ?? null, records: rows.length },
    });
    return created;
  });
  return {
    modelId: model.id,
    name,
    records: rows.length,
    cases: new Set(rows.map((r) => r.caseId)).size,
    withoutResponse: rows.filter((r) => r.response === null).length,
  };
}

/** Delete an uploaded model; refused once an evaluation scored it (its figures name it). */
export async function deleteModel(user: SessionUser, modelId: string, db: Db = getDb()): Promise<{ projectId: string; name: string }> {
  const model = await db.evalModel.findUnique({ where: { id: modelId }, select: { projectId: true, name: true, _count: { select: { evaluations: true } } } });
  if (!model) throw new AppError('NOT_FOUND', 'No such model.');
  await requireEvaluationAccess(user, model.projectId);
  if (model._count.evaluations > 0) throw new AppError('CONFLICT', `"${model.name}" was scored by ${model._count.evaluations} evaluation(s), which keep its figures; it cannot be deleted.`);
  const reviewed = await db.planReview.count({ where: { record: { modelId } } });
  if (reviewed > 0) throw new AppError('CONFLICT', `${reviewed} plan(s) of "${model.name}" were sampled for physicians to judge, and their verdicts are kept; it cannot be deleted.`);
  await db.$transaction(async (tx) => {
    await tx.evalModel.delete({ where: { id: modelId } });
    await recordAudit(tx, { actorId: user.id, action: 'evaluation.model.delete', entityType: 'project', entityId: model.projectId, data: { modelId, name: model.name } });
  });
  return { projectId: model.projectId, name: model.name };
}

type RecordRow = { model_id: string; record_id: string; trial: number; response_len: number | null; verdicts: unknown; actions: unknown };

/** The stored records of models, as lib/evaluation reads them. */
export async function loadJudgedRecords(db: Db, modelIds: readonly string[]): Promise<Map<string, JudgedRecord[]>> {
  const rows = await db.$queryRaw<RecordRow[]>`
    SELECT model_id, record_id, trial, response_len, verdicts, actions FROM eval_records
    WHERE model_id = ANY(${[...modelIds]}) ORDER BY model_id, position`;
  const byModel = new Map<string, JudgedRecord[]>(modelIds.map((id) => [id, []]));
  for (const row of rows) {
    byModel.get(row.model_id)!.push({
      id: row.record_id,
      trial: row.trial,
      responseLen: row.response_len,
      options: row.verdicts as JudgedRecord['options'],
      actions: row.actions as JudgedRecord['actions'],
    });
  }
  return byModel;
}

type ComputeInput = Parameters<typeof computeEvaluation>[0];

/** computeEvaluation in a worker thread of its own, so the server keeps answering meanwhile. */
function computeOffThread(input: ComputeInput): Promise<EvaluationResult> {
  // Loaded from the project folder at run time, not bundled (as lib/agreement-view's worker).
  const worker = new Worker(projectFile('lib', 'evaluations', 'worker-entry.mjs'), { workerData: input });
  return new Promise<EvaluationResult>((resolve, reject) => {
    worker.once('message', (message: { result?: EvaluationResult; error?: string }) => (message.result ? resolve(message.result) : reject(new Error(message.error ?? 'evaluation worker failed'))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`evaluation worker exited with code ${code}`)));
  }).finally(() => void worker.terminate());
}

async function computeEvaluationOffThread(input: ComputeInput): Promise<EvaluationResult> {
  try {
    return await computeOffThread(input);
  } catch (error) {
    log.warn('computing an evaluation in-process after a worker failure', { component: 'evaluations' }, error);
    return computeEvaluation(input);
  }
}

/** Score models against a locked release of the project and keep the figures (immutable). */
export async function createEvaluation(user: SessionUser, projectId: string, raw: CreateEvaluationInput, db: Db = getDb()): Promise<{ id: string }> {
  await requireEvaluationAccess(user, projectId);
  const input = createEvaluationSchema.parse(raw);
  const release = await db.release.findFirst({ where: { id: input.releaseId, projectId }, select: { id: true, version: true } });
  if (!release) throw new AppError('NOT_FOUND', 'No such release in this project.');
  const modelIds = [...new Set(input.modelIds)];
  const models = await db.evalModel.findMany({ where: { id: { in: modelIds }, projectId }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  if (models.length !== modelIds.length) throw new AppError('NOT_FOUND', 'A chosen model is not uploaded to this project (it may have been deleted); reload the page.');

  const [cases, records] = await Promise.all([loadScoringCases(db, projectId, release.id), loadJudgedRecords(db, modelIds)]);
  const scoring: ScoringModel[] = models.map((m) => ({ id: m.id, name: m.name, records: records.get(m.id) ?? [] }));
  const result = await computeEvaluationOffThread({ cases, models: scoring, bootstrap: input.bootstrap, seed: input.seed });
  if (result.models.every((m) => m.scored === 0)) {
    throw new AppError('CONFLICT', `None of the chosen models has records of the cases in release v${release.version}; nothing to score.`);
  }
  return db.$transaction(async (tx) => {
    // Raw SQL, not Prisma's Json field: Prisma re-parses JSON numbers on their way to the database
    // and may change a double's last bit (0.45454545454545453 was stored as 0.4545454545454545);
    // `json` keeps the text it is given, so the figures read back are exactly those computed.
    const evaluation = { id: randomUUID() };
    await tx.$executeRaw`
      INSERT INTO evaluations (id, project_id, release_id, created_by_id, bootstrap, seed, result)
      VALUES (${evaluation.id}, ${projectId}, ${release.id}, ${user.id}, ${input.bootstrap}, ${input.seed}, ${JSON.stringify(result)}::json)`;
    await tx.evaluationModel.createMany({ data: modelIds.map((modelId) => ({ evaluationId: evaluation.id, modelId })) });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'evaluation.create',
      entityType: 'project',
      entityId: projectId,
      data: { evaluationId: evaluation.id, releaseVersion: release.version, models: models.map((m) => m.name), bootstrap: input.bootstrap, seed: input.seed },
    });
    return evaluation;
  });
}
