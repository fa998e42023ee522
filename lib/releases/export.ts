import 'server-only';
import { createHash } from 'node:crypto';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { assembleReleaseFiles, zipRelease, type ReleaseData } from '@/lib/releases/archive';
import type { StoredOption } from '@/lib/rubric/format';

/** A stable pseudonym for a rater within a project: not reversible without the database. */
export function pseudonymOf(projectId: string, userId: string): string {
  return `R${createHash('sha256').update(`${projectId}:${userId}`).digest('hex').slice(0, 10)}`;
}

async function loadReleaseData(releaseId: string): Promise<ReleaseData & { projectId: string }> {
  const release = await getDb().release.findUnique({
    where: { id: releaseId },
    select: {
      version: true,
      goldRule: true,
      createdAt: true,
      summary: true,
      projectId: true,
      project: { select: { slug: true, name: true } },
      items: { select: { optionId: true, goldScore: true } },
      cases: {
        select: {
          case: {
            select: {
              externalId: true,
              presentation: true,
              recommendations: true,
              rubric: true,
              specialty: { select: { code: true } },
              options: {
                select: {
                  id: true, number: true, position: true, text: true, category: true, isHarmOfInaction: true, bestInGroup: true,
                  abstraction: true, abstractionType: true, dependsOn: true, referenceScore: true, extra: true,
                  ratings: { select: { userId: true, score: true, user: { select: { isSimulated: true } } } },
                },
              },
            },
          },
        },
      },
    },
  });
  if (!release) throw new AppError('NOT_FOUND', 'No such release.');
  const cases = release.cases.map(({ case: c }) => ({
    externalId: c.externalId,
    presentation: c.presentation,
    recommendations: c.recommendations,
    rubric: c.rubric as ReleaseData['cases'][number]['rubric'],
    specialty: c.specialty.code,
    options: c.options.map((o) => ({ ...o, extra: o.extra as Record<string, unknown> }) satisfies StoredOption),
    optionIds: new Map(c.options.map((o) => [o.number, o.id])),
  }));
  const ratings = release.cases.flatMap(({ case: c }) =>
    c.options.flatMap((o) => o.ratings.map((r) => ({ caseId: c.externalId, optionNumber: o.number, raterId: pseudonymOf(release.projectId, r.userId), simulated: r.user.isSimulated, score: r.score }))),
  );
  return {
    projectId: release.projectId,
    project: release.project,
    version: release.version,
    goldRule: release.goldRule,
    createdAt: release.createdAt,
    summary: release.summary as Record<string, unknown>,
    cases,
    gold: new Map(release.items.map((i) => [i.optionId, i.goldScore])),
    ratings,
  };
}

/** The release as one reproducible zip, plus its SHA-256. */
export async function exportRelease(options: { releaseId: string }): Promise<{ fileName: string; bytes: Uint8Array; sha256: string }> {
  const data = await loadReleaseData(options.releaseId);
  const folder = `${data.project.slug}-v${data.version}`;
  const bytes = zipRelease(folder, assembleReleaseFiles(data));
  return { fileName: `${folder}.zip`, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
