import 'server-only';
import { getDb } from '@/lib/db';
import {
  deviationFromCoRaters,
  fastRatings,
  straightLining,
  FAST_MS,
  STRAIGHT_MIN_OPTIONS,
  STRAIGHT_SHARE,
  type DeviationReport,
} from '@/lib/quality/signals';

type Who = { userId: string; name: string; isSimulated: boolean };

export type QualitySignals = {
  fast: { thresholdMs: number; raters: Array<Who & { fast: number; timed: number; share: number; examples: Array<{ label: string; activeMs: number }> }> };
  deviation: Omit<DeviationReport, 'raters'> & { raters: Array<Who & { mad: number; n: number; flagged: boolean }> };
  straightLining: { share: number; minOptions: number; cases: Array<Who & { caseExternalId: string; score: number; count: number; options: number; share: number }> };
};

/** The project's quality signals with their evidence; callers check access first. */
export async function getQualitySignals(projectId: string): Promise<QualitySignals> {
  const db = getDb();
  const [saves, ratings, completed] = await Promise.all([
    db.$queryRaw<Array<{ user_id: string; option_id: string; active_ms: number; applied: boolean; score: number | null; label: string }>>`
      SELECT s.user_id, s.option_id, s.active_ms, s.applied, s.score, c.external_id || ' option ' || o.number AS label
      FROM rating_saves s JOIN options o ON o.id = s.option_id JOIN cases c ON c.id = o.case_id
      WHERE c.project_id = ${projectId} AND s.applied AND s.active_ms > 0`,
    db.$queryRaw<Array<{ option_id: string; user_id: string; score: number }>>`
      SELECT r.option_id, r.user_id, r.score FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id
      WHERE c.project_id = ${projectId}`,
    db.$queryRaw<Array<{ case_id: string; external_id: string; user_id: string; scores: number[] }>>`
      SELECT c.id AS case_id, c.external_id, a.user_id, array_agg(r.score ORDER BY o.position) AS scores
      FROM assignments a JOIN cases c ON c.id = a.case_id JOIN options o ON o.case_id = c.id
      JOIN ratings r ON r.option_id = o.id AND r.user_id = a.user_id
      WHERE c.project_id = ${projectId} AND a.status = 'COMPLETED' GROUP BY c.id, c.external_id, a.user_id`,
  ]);
  const labels = new Map(saves.map((s) => [s.option_id, s.label]));
  const fast = fastRatings(saves.map((s) => ({ userId: s.user_id, optionId: s.option_id, activeMs: s.active_ms, applied: s.applied, score: s.score })));
  const deviation = deviationFromCoRaters(ratings.map((r) => ({ optionId: r.option_id, userId: r.user_id, score: r.score })));
  const caseNames = new Map(completed.map((c) => [c.case_id, c.external_id]));
  const straight = straightLining(completed.map((c) => ({ caseId: c.case_id, userId: c.user_id, scores: c.scores })));

  const ids = new Set([...fast.map((f) => f.userId), ...deviation.raters.map((d) => d.userId), ...straight.map((s) => s.userId)]);
  const users = ids.size ? await db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, isSimulated: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const who = (userId: string): Who => ({ userId, name: byId.get(userId)?.name ?? userId, isSimulated: byId.get(userId)?.isSimulated ?? false });

  return {
    fast: {
      thresholdMs: FAST_MS,
      raters: fast.map((f) => ({ ...who(f.userId), fast: f.fast, timed: f.timed, share: f.share, examples: f.examples.map((e) => ({ label: labels.get(e.optionId) ?? e.optionId, activeMs: e.activeMs })) })),
    },
    deviation: { ...deviation, raters: deviation.raters.map((d) => ({ ...who(d.userId), mad: d.mad, n: d.n, flagged: d.flagged })) },
    straightLining: {
      share: STRAIGHT_SHARE,
      minOptions: STRAIGHT_MIN_OPTIONS,
      cases: straight.map((s) => ({ ...who(s.userId), caseExternalId: caseNames.get(s.caseId) ?? s.caseId, score: s.score, count: s.count, options: s.options, share: s.share })),
    },
  };
}
