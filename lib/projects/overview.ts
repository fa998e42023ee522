import 'server-only';
import { getDb } from '@/lib/db';
import { isCaseFullyRated, isCaseWaiting } from '@/lib/assignment/status';
import { krippendorffAlpha, type Rating } from '@/lib/agreement';
import { findProjectBySlug, type ProjectRef } from '@/lib/projects/service';
import { SCALE_DOMAIN } from '@/lib/ratings/scale';

/** What the coordinator's live panel shows; recomputed and pushed on every rating change. */
export type LiveSummary = {
  projectId: string;
  ratings: { done: number; expected: number };
  options: { total: number; pairable: number };
  cases: { total: number; complete: number; locked: number; waiting: number };
  /** Krippendorff's alpha (ordinal) over options with at least two ratings. */
  alphaOrdinal: { value: number | null; reason?: string };
  computedAt: string;
};

type RatingRow = { option_id: string; user_id: string; score: number; case_id: string };

async function loadProjectRatings(projectId: string): Promise<RatingRow[]> {
  return getDb().$queryRaw<RatingRow[]>`
    SELECT r.option_id, r.user_id, r.score, o.case_id
    FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id
    WHERE c.project_id = ${projectId}`;
}

export async function getLiveSummary(projectId: string): Promise<LiveSummary> {
  const db = getDb();
  const [project, rows, optionTotal, cases] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { ratersPerCase: true } }),
    loadProjectRatings(projectId),
    db.option.count({ where: { case: { projectId } } }),
    db.case.findMany({
      where: { projectId },
      select: { lockedAt: true, assignments: { where: { status: { not: 'DECLINED' } }, select: { status: true } } },
    }),
  ]);
  const k = project.ratersPerCase;
  const perOption = new Map<string, number>();
  for (const row of rows) perOption.set(row.option_id, (perOption.get(row.option_id) ?? 0) + 1);
  let done = 0;
  let pairable = 0;
  for (const n of perOption.values()) {
    done += Math.min(n, k);
    if (n >= 2) pairable += 1;
  }
  const ratings: Rating[] = rows.map((r) => ({ item: r.option_id, rater: r.user_id, value: r.score, cluster: r.case_id }));
  const alpha = krippendorffAlpha(ratings, 'ordinal', { domain: SCALE_DOMAIN });
  return {
    projectId,
    ratings: { done, expected: optionTotal * k },
    options: { total: optionTotal, pairable },
    cases: {
      total: cases.length,
      complete: cases.filter((c) => isCaseFullyRated(c.assignments, k)).length,
      locked: cases.filter((c) => c.lockedAt !== null).length,
      waiting: cases.filter((c) => c.lockedAt === null && isCaseWaiting(c.assignments, k)).length,
    },
    alphaOrdinal: alpha.value === null ? { value: null, reason: alpha.reason } : { value: alpha.value },
    computedAt: new Date().toISOString(),
  };
}

export type CaseRow = {
  id: string;
  externalId: string;
  specialty: string;
  options: number;
  /** waiting: the panel is not full; not-started: full panel, no rating yet; rating: some ratings. */
  state: 'waiting' | 'not-started' | 'rating' | 'complete' | 'locked';
  lockedIn: number | null;
  /** The panel, by name (the same order in every row). */
  raters: Array<{ name: string; isSimulated: boolean; status: string; rated: number }>;
  need: number;
  /** Ratings given by the panel / options x raters per case. */
  done: number;
  expected: number;
};

export type ProjectOverview = { project: ProjectRef; summary: LiveSummary; cases: CaseRow[] };

export async function getProjectOverview(options: { slug: string }): Promise<ProjectOverview> {
  const project = await findProjectBySlug(options.slug);
  const db = getDb();
  const [summary, cases, perRater] = await Promise.all([
    getLiveSummary(project.id),
    db.case.findMany({
      where: { projectId: project.id },
      orderBy: { externalId: 'asc' },
      select: {
        id: true,
        externalId: true,
        lockedAt: true,
        specialty: { select: { name: true } },
        _count: { select: { options: true } },
        releases: { select: { release: { select: { version: true } } }, orderBy: { release: { version: 'asc' } }, take: 1 },
        assignments: {
          where: { status: { not: 'DECLINED' } },
          orderBy: { assignedAt: 'asc' },
          select: { status: true, userId: true, user: { select: { name: true, isSimulated: true } } },
        },
      },
    }),
    db.$queryRaw<Array<{ case_id: string; user_id: string; rated: bigint }>>`
      SELECT o.case_id, r.user_id, count(*) AS rated FROM ratings r JOIN options o ON o.id = r.option_id
      JOIN cases c ON c.id = o.case_id WHERE c.project_id = ${project.id} GROUP BY o.case_id, r.user_id`,
  ]);
  const rated = new Map(perRater.map((r) => [`${r.case_id}:${r.user_id}`, Number(r.rated)]));
  const k = project.ratersPerCase;
  return {
    project,
    summary,
    cases: cases.map((c) => {
      const raters = c.assignments
        .map((a) => ({ name: a.user.name, isSimulated: a.user.isSimulated, status: a.status, rated: Math.min(rated.get(`${c.id}:${a.userId}`) ?? 0, c._count.options) }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const done = raters.slice(0, k).reduce((sum, r) => sum + r.rated, 0);
      const state: CaseRow['state'] = c.lockedAt
        ? 'locked'
        : isCaseWaiting(c.assignments, k)
          ? 'waiting'
          : isCaseFullyRated(c.assignments, k)
            ? 'complete'
            : done === 0
              ? 'not-started'
              : 'rating';
      return {
        id: c.id,
        externalId: c.externalId,
        specialty: c.specialty.name,
        options: c._count.options,
        state,
        lockedIn: c.releases[0]?.release.version ?? null,
        raters,
        need: k,
        done,
        expected: c._count.options * k,
      };
    }),
  };
}
