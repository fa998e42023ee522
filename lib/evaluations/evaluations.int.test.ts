import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { strFromU8, unzipSync } from 'fflate';
import { aggregateModel } from '@/lib/evaluation/aggregate';
import { evaluateModel } from '@/lib/evaluation';
import { parseJudgedJsonl, rubricOf } from '@/lib/evaluation/parse';
import { scoreRecord } from '@/lib/evaluation/record';
import type { EvalRubric, JudgedRecord } from '@/lib/evaluation/types';
import type { EvaluationResult } from '@/lib/evaluations/compute';
import { getEvaluation, getModelDetail, listEvalModels, listEvaluations } from '@/lib/evaluations/queries';
import { evaluationCsv, leaderboard } from '@/lib/evaluations/report';
import { createEvaluation, deleteModel, uploadModel } from '@/lib/evaluations/service';
import { submitRating } from '@/lib/ratings/service';
import { exportRelease } from '@/lib/releases/export';
import { lockRelease } from '@/lib/releases/service';
import { parseCsv } from '@/lib/releases/archive/csv';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';
import { judgedLine } from '@/test/judged';
import { noharmFile } from '@/test/noharm';

const SLUG = 'evaluations';
/** Card001's option 36 ("score 8", no alternative group, nothing depends on it): the raters call it severely harmful. */
const DISPUTED = 36;

// Card001's options scored 7-9 by the reference: 15 and 16 (one alternative group), 21 (a group of one), 23, 36.
// Card002's: 2, 3, 8, 12, 15, 17, 36, 37 (no groups).
const FOLLOWS = [judgedLine('Card001', [15, 21, 23, 36]), judgedLine('Card002', [2, 3, 8, 12, 15, 17, 36, 37])].join('\n');
const AVOIDS = [judgedLine('Card001', [15, 21, 23]), judgedLine('Card001-1', [15, 21, 23]), judgedLine('Card002', [2, 3, 8, 12, 15, 17, 36, 37])].join('\n');

function figure(result: EvaluationResult, variant: 'gold' | 'reference', model: string, metric: 'F1_weighted' | 'Severe_rate' | 'F1_raw') {
  const id = result.models.find((m) => m.name === model)!.id;
  return result.boards[variant].overall.find((row) => row.modelId === id)!.score.metrics[metric]!.mean;
}

describe('model evaluation against releases (real PostgreSQL)', () => {
  let coordinator: SessionUser;
  let outsider: SessionUser;
  let projectId: string;
  let models: { follows: string; avoids: string };
  let releases: { v1: string; v2: string };

  beforeAll(async () => {
    coordinator = await makeUser('COORDINATOR');
    outsider = await makeUser('COORDINATOR');
    const raters = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card'])];
    const imported = await importNoharm(SLUG, ['Card001', 'Card002'], coordinator.id);
    projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: imported.project.slug } })).id;
    // Every rater gives the reference score, except Card001's option 36: 1 from all three (gold 1, reference 8).
    for (const caseId of ['Card001', 'Card002']) {
      for (const option of await optionsOf(caseId, SLUG)) {
        const score = caseId === 'Card001' && option.number === DISPUTED ? 1 : (option.referenceScore ?? 5);
        for (const rater of raters) await submitRating({ user: rater, optionId: option.id, score });
      }
    }
    const v1 = await lockRelease({ actorId: coordinator.id, projectId, cases: ['Card001'] });
    const v2 = await lockRelease({ actorId: coordinator.id, projectId, cases: ['Card001', 'Card002'] });
    releases = { v1: v1.releaseId, v2: v2.releaseId };
  });

  it('refuses a bad upload with every problem by file and line, and writes nothing', async () => {
    const bad = [
      judgedLine('Card001', [15]),
      '{"id": "Card001", "trial": 1, "options": "none"',
      judgedLine('Pulm001', [1]),
      judgedLine('Card002', [99]),
      judgedLine('Card001', [21]),
    ].join('\n');
    const refusal = uploadModel(coordinator, projectId, { judged: { name: 'bad_judged.jsonl', text: bad } });
    await expect(refusal).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'Nothing was uploaded: 4 problem(s) found.' });
    const details = await refusal.then(
      () => [],
      (error: { details: Array<{ file: string; line: number; reason: string }> }) => error.details,
    );
    expect(details.map((d) => [d.file, d.line])).toEqual([['bad_judged.jsonl', 2], ['bad_judged.jsonl', 3], ['bad_judged.jsonl', 4], ['bad_judged.jsonl', 5]]);
    expect(details[1]!.reason).toContain('no rubric for case Pulm001');
    expect(details[2]!.reason).toContain('99');
    expect(details[3]!.reason).toContain('duplicate record');
    // A response without its judged record is named too.
    await expect(
      uploadModel(coordinator, projectId, { judged: { name: 'x_judged.jsonl', text: judgedLine('Card001', [15]) }, responses: { name: 'x.jsonl', text: '{"id":"Card002","trial":0,"response":"plan"}' } }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', details: [expect.objectContaining({ file: 'x.jsonl', reason: expect.stringContaining('Card002 trial 0 has no judged record') })] });
    await expect(uploadModel(outsider, projectId, { judged: { name: 'x_judged.jsonl', text: judgedLine('Card001', [15]) } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getDb().evalModel.count({ where: { projectId } })).toBe(0);
    expect(await getDb().evalRecord.count({ where: { model: { projectId } } })).toBe(0);
  });

  it('is coordinators\' work: a physician of the project is refused everywhere, in the data layer', async () => {
    const physician = await makeUser('PHYSICIAN', ['Card']);
    const { addProjectMember } = await import('@/lib/projects/membership');
    await getDb().$transaction((tx) => addProjectMember(tx, { projectId, userId: physician.id, actorId: coordinator.id }));
    const forbidden = { code: 'FORBIDDEN' };
    await expect(uploadModel(physician, projectId, { judged: { name: 'p_judged.jsonl', text: judgedLine('Card001', [15]) } })).rejects.toMatchObject(forbidden);
    await expect(listEvalModels(physician, projectId)).rejects.toMatchObject(forbidden);
    await expect(listEvaluations(physician, projectId)).rejects.toMatchObject(forbidden);
    await expect(createEvaluation(physician, projectId, { releaseId: releases.v1, modelIds: ['x'], bootstrap: 200, seed: 0 })).rejects.toMatchObject(forbidden);
    await expect(listEvalModels(outsider, projectId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('uploads two models, named from the file, with their plans; a second upload of a name is refused', async () => {
    const follows = await uploadModel(coordinator, projectId, {
      judged: { name: 'runs/follows_judged.jsonl', text: FOLLOWS },
      responses: { name: 'follows.jsonl', text: '{"id":"Card001","trial":0,"response":"Order coronary CTA.\\nStart a statin."}\n' },
    });
    expect(follows).toMatchObject({ name: 'follows', records: 2, cases: 2, withoutResponse: 1 });
    const avoids = await uploadModel(coordinator, projectId, { name: 'avoids', judged: { name: 'whatever_judged.jsonl', text: AVOIDS } });
    expect(avoids).toMatchObject({ name: 'avoids', records: 3, cases: 2, withoutResponse: 3 });
    models = { follows: follows.modelId, avoids: avoids.modelId };
    await expect(uploadModel(coordinator, projectId, { name: 'avoids', judged: { name: 'a_judged.jsonl', text: AVOIDS } })).rejects.toMatchObject({ code: 'CONFLICT' });
    const audit = await getDb().auditEvent.findMany({ where: { action: 'evaluation.model.upload', entityId: projectId }, select: { actorId: true, data: true } });
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actorId === coordinator.id)).toBe(true);
  });

  it('scores the same records against v1 and v2: the figures move with the gold and with the cases, as worked out by hand', async () => {
    const e1 = await createEvaluation(coordinator, projectId, { releaseId: releases.v1, modelIds: [models.follows, models.avoids], bootstrap: 200, seed: 0 });
    const e2 = await createEvaluation(coordinator, projectId, { releaseId: releases.v2, modelIds: [models.follows, models.avoids], bootstrap: 200, seed: 0 });
    const r1 = (await getEvaluation(coordinator, e1.id)).result;
    const r2 = (await getEvaluation(coordinator, e2.id)).result;

    // v1 holds Card001 only: Card002's records are left out and said so.
    expect(r1.cases).toBe(1);
    expect(r1.models.find((m) => m.name === 'follows')).toMatchObject({ records: 2, scored: 1, outsideRelease: 1, casesOutsideRelease: ['Card002'] });

    // Under the reference scores, recommending option 36 (8) is right: "follows" covers every 7-9 option (F1 1);
    // "avoids" omits it: weighted recall (24 + 3 + 3) / (24 + 3 + 3 + 24) = 5/9 with matched precision 1,
    // F1 = 2 * 5/9 / (1 + 5/9) = 0.714285..., a moderate omission, not severe.
    expect(figure(r1, 'reference', 'follows', 'F1_weighted')).toBeCloseTo(1, 12);
    expect(figure(r1, 'reference', 'avoids', 'F1_weighted')).toBeCloseTo(10 / 14, 12);
    expect(figure(r1, 'reference', 'avoids', 'Severe_rate')).toBe(0);
    // Under the release's gold, 36 is a 1: recommending it is a severe commission (F1 capped to 0); avoiding it is perfect.
    expect(figure(r1, 'gold', 'follows', 'F1_weighted')).toBe(0);
    expect(figure(r1, 'gold', 'follows', 'Severe_rate')).toBe(1);
    expect(figure(r1, 'gold', 'follows', 'F1_raw')).toBeCloseTo(2 * 0.75 / 1.75, 12); // precision 3/4 actions scored 7-9, recall 3/3
    expect(figure(r1, 'gold', 'avoids', 'F1_weighted')).toBeCloseTo(1, 12);
    // The ranking flips, and the leaderboard says so.
    const board = leaderboard(r1, 'overall');
    expect(board.map((row) => [row.model, row.rank.gold, row.rank.reference])).toEqual([['avoids', 1, 2], ['follows', 2, 1]]);

    // v2 adds Card002, where both models recommend every 7-9 option and nothing else (F1 1 under both):
    // each figure is the mean of the two case means.
    expect(r2.cases).toBe(2);
    expect(figure(r2, 'gold', 'follows', 'F1_weighted')).toBeCloseTo(0.5, 12);
    expect(figure(r2, 'gold', 'avoids', 'F1_weighted')).toBeCloseTo(1, 12);
    expect(figure(r2, 'reference', 'avoids', 'F1_weighted')).toBeCloseTo((10 / 14 + 1) / 2, 12);
    expect(figure(r2, 'gold', 'follows', 'Severe_rate')).toBeCloseTo(0.5, 12);
    expect(r2.boards.gold.bySpecialty.Card!.map((row) => row.score.cases)).toEqual([2, 2]);
  });

  it('keeps figures equal to scoring the rubric files directly, with the gold the raters gave', async () => {
    const evaluation = await createEvaluation(coordinator, projectId, { releaseId: releases.v2, modelIds: [models.avoids], bootstrap: 300, seed: 7 });
    const stored = (await getEvaluation(coordinator, evaluation.id)).result.boards.gold.overall[0]!.score;
    const gold = (caseId: string): EvalRubric => {
      const rubric = rubricOf(JSON.parse(noharmFile(caseId).content), `${caseId}.json`);
      return { ...rubric, options: rubric.options.map((o) => (caseId === 'Card001' && o.id === DISPUTED ? { ...o, score: 1 } : o)) };
    };
    const records: JudgedRecord[] = AVOIDS.split('\n').map((line) => {
      const r = JSON.parse(line) as { id: string; trial: number; options: JudgedRecord['options']; responseActions: Array<{ match: string }>; response_len: number };
      return { id: r.id, trial: r.trial, options: r.options, actions: r.responseActions.map((a) => ({ match: a.match.split(',').map(Number) })), responseLen: r.response_len };
    });
    const direct = aggregateModel('avoids', records.map((r) => scoreRecord(gold(r.id.replace(/-\d+$/, '')), r)), { bootstrap: 300, seed: 7 });
    for (const [metric, estimate] of Object.entries(direct.metrics)) {
      const mine = stored.metrics[metric as keyof typeof stored.metrics];
      if (estimate === null) expect(mine, metric).toBeNull();
      else expect(mine?.mean, metric).toBeCloseTo(estimate.mean, 12);
    }
    expect(stored.records).toBe(3);
    expect(stored.cases).toBe(2);
  });

  // Exactly, to the last bit: the stored figures are the computed ones (no JSON number re-parsing on the way).
  it('gives the figures `primum evaluate` gives on the release archive\'s own rubrics/ folder', async () => {
    const archive = await exportRelease(releases.v2);
    const files = unzipSync(new Uint8Array(await new Response(archive.stream).arrayBuffer()));
    const rubrics = new Map(
      Object.entries(files)
        .filter(([name]) => /\/rubrics\/[^/]+\.json$/.test(name))
        .map(([name, bytes]) => {
          const rubric = rubricOf(JSON.parse(strFromU8(bytes)), name);
          return [rubric.caseId, rubric] as const;
        }),
    );
    expect([...rubrics.keys()].sort()).toEqual(['Card001', 'Card002']);
    const [evaluation] = await getDb().evaluation.findMany({ where: { releaseId: releases.v2 }, orderBy: { createdAt: 'asc' }, select: { id: true }, take: 1 });
    const { result } = await getEvaluation(coordinator, evaluation!.id);
    for (const [name, text] of [['follows', FOLLOWS], ['avoids', AVOIDS]] as const) {
      const parsed = parseJudgedJsonl(text, `${name}_judged.jsonl`, rubrics);
      expect(parsed.errors).toEqual([]);
      const fromArchive = evaluateModel(name, parsed.records, rubrics, { bootstrap: result.bootstrap, seed: result.seed }).score;
      const stored = result.boards.gold.overall.find((row) => row.score.model === name)!.score;
      for (const metric of Object.keys(fromArchive.metrics) as Array<keyof typeof stored.metrics>) expect(stored.metrics[metric], `${name} ${metric}`).toEqual(fromArchive.metrics[metric]);
    }
  });

  it('shows a model per record: verdicts, both scores of an option, harms, and the plan text', async () => {
    const [evaluation] = await getDb().evaluation.findMany({ where: { releaseId: releases.v1 }, select: { id: true }, take: 1 });
    const detail = await getModelDetail(coordinator, { evaluationId: evaluation!.id, modelId: models.follows, variant: 'gold' });
    expect(detail.cases.map((c) => c.caseId)).toEqual(['Card001']);
    const record = detail.cases[0]!.records[0]!;
    expect(record.response).toBe('Order coronary CTA.\nStart a statin.');
    expect(record.options.find((o) => o.id === DISPUTED)).toMatchObject({ score: 1, otherScore: 8, verdict: 'matched' });
    expect(record.score.harms).toContainEqual({ kind: 'commission', optionId: DISPUTED, score: 1, severity: 'Severe' });
    await expect(getModelDetail(outsider, { evaluationId: evaluation!.id, modelId: models.follows, variant: 'gold' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('corrects the length only by the judged record\'s own response_len, as primum evaluate does', async () => {
    const line = JSON.parse(judgedLine('Card001', [15, 21, 23])) as Record<string, unknown>;
    delete line.response_len;
    const text = JSON.stringify(line);
    const long = await uploadModel(coordinator, projectId, {
      name: 'no-length',
      judged: { name: 'no-length_judged.jsonl', text },
      responses: { name: 'no-length.jsonl', text: JSON.stringify({ id: 'Card001', trial: 0, response: 'x'.repeat(6000) }) },
    });
    expect((await getDb().evalRecord.findFirstOrThrow({ where: { modelId: long.modelId }, select: { responseLen: true } })).responseLen).toBeNull();
    const evaluation = await createEvaluation(coordinator, projectId, { releaseId: releases.v1, modelIds: [long.modelId], bootstrap: 100, seed: 0 });
    const stored = (await getEvaluation(coordinator, evaluation.id)).result.boards.reference.overall[0]!.score.metrics;
    // Without a length, no correction: weighted recall 30/54 = 5/9 (the omitted option 36 is an 8 under the reference).
    expect(stored.Recall_weighted!.mean).toBeCloseTo(5 / 9, 12);
  });

  it('writes a CSV report that parses back to the figures, one row per variant, scope and model', async () => {
    const [evaluation] = await getDb().evaluation.findMany({ where: { releaseId: releases.v2 }, orderBy: { createdAt: 'asc' }, select: { id: true }, take: 1 });
    const { result } = await getEvaluation(coordinator, evaluation!.id);
    const [header, ...rows] = parseCsv(evaluationCsv(result));
    expect(rows).toHaveLength(2 * 2 * 2); // variants x (overall, Card) x models
    const column = (name: string) => header!.indexOf(name);
    const row = rows.find((r) => r[column('variant')] === 'gold' && r[column('scope')] === 'overall' && r[column('model')] === 'follows')!;
    expect(Number(row[column('F1_weighted')])).toBeCloseTo(0.5, 12);
    expect(row[column('rank_f1_weighted')]).toBe('2');
    expect(Number(row[column('F1_weighted_ci_lo')])).toBeLessThanOrEqual(0.5);
  });

  it('protects what was computed: evaluations never change, a scored model cannot be deleted, records are never edited', async () => {
    const [evaluation] = await getDb().evaluation.findMany({ where: { projectId }, select: { id: true }, take: 1 });
    await expect(getDb().$executeRaw`UPDATE evaluations SET seed = 99 WHERE id = ${evaluation!.id}`).rejects.toThrow(/append-only/);
    await expect(getDb().$executeRaw`DELETE FROM evaluations WHERE id = ${evaluation!.id}`).rejects.toThrow(/append-only/);
    await expect(getDb().$executeRaw`UPDATE eval_records SET trial = 5 WHERE model_id = ${models.follows}`).rejects.toThrow(/append-only/);
    await expect(getDb().$executeRaw`DELETE FROM eval_records WHERE model_id = ${models.follows}`).rejects.toThrow(/append-only/);
    await expect(getDb().$executeRawUnsafe('TRUNCATE eval_records CASCADE')).rejects.toThrow(/append-only/);
    expect(await getDb().evalRecord.count({ where: { modelId: models.follows } })).toBe(2);
    // A record is of the case its id names.
    const card002 = await getDb().case.findFirstOrThrow({ where: { projectId, externalId: 'Card002' }, select: { id: true } });
    await expect(getDb().$executeRaw`
      INSERT INTO eval_records (id, model_id, case_id, record_id, trial, position, verdicts, actions)
      VALUES ('forged', ${models.follows}, ${card002.id}, 'Card001-7', 0, 9, '[]', '[]')`).rejects.toThrow(/not of the case its row names/);
    await expect(deleteModel(coordinator, models.follows)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(getDb().$executeRaw`DELETE FROM eval_models WHERE id = ${models.follows}`).rejects.toThrow(/append-only|foreign key/);
    // A model no evaluation scored can be deleted, with its records, and the deletion is audited.
    const spare = await uploadModel(coordinator, projectId, { name: 'spare', judged: { name: 'spare_judged.jsonl', text: judgedLine('Card001', [15]) } });
    await deleteModel(coordinator, spare.modelId);
    expect(await getDb().evalRecord.count({ where: { modelId: spare.modelId } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { action: 'evaluation.model.delete', entityId: projectId } })).toBe(1);
  });
});
