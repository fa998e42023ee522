import 'server-only';
import { getDb } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { assignOpenCases } from '@/lib/assignment/service';
import { AppError } from '@/lib/errors';
import { parseRubricFiles, formatProblem, type ImportProblem, type RubricFile } from '@/lib/import/parse-rubrics';
import { toStoredCase } from '@/lib/rubric/format';
import { resolveProject } from '@/lib/projects/service';
import { specialtyOfCaseId } from '@/lib/specialties';
import type { Prisma } from '@/lib/generated/prisma/client';

export type ImportResult = {
  imported: { cases: number; options: number };
  /** Case ids already in the project: left exactly as they were. */
  skipped: string[];
  errors: ImportProblem[];
  assigned: number;
  waiting: Array<{ externalId: string; have: number; need: number }>;
};

/**
 * Import NOHARM rubric files into a project, all or nothing: any bad file refuses the whole
 * batch (nothing written); cases already present are reported, never updated.
 */
export async function importRubrics(options: {
  actorId: string | null;
  /** The target: a project id, or a slug resolved (and created if new) inside the same transaction. */
  project: { id: string } | { slug?: string };
  files: RubricFile[];
}): Promise<ImportResult & { project: { slug: string; created: boolean } }> {
  const { rubrics, problems } = parseRubricFiles(options.files);
  if (problems.length > 0) {
    const summary = problems.slice(0, 5).map(formatProblem).join('\n');
    const more = problems.length > 5 ? `\n(and ${problems.length - 5} more)` : '';
    throw new AppError('INVALID_INPUT', `Nothing was imported: ${problems.length} problem(s).\n${summary}${more}`, problems);
  }

  return getDb().$transaction(
    async (tx) => {
      const project =
        'id' in options.project
          ? { ...(await tx.project.findUniqueOrThrow({ where: { id: options.project.id }, select: { id: true, slug: true } })), created: false }
          : await resolveProject({ slug: options.project.slug, actorId: options.actorId, db: tx });
      const projectId = project.id;
      // Concurrent imports into one project queue here, so the second sees the first's cases as present.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`import:${projectId}`}))`;
      const existing = await tx.case.findMany({
        where: { projectId: projectId, externalId: { in: rubrics.map((r) => r.rubric.id) } },
        select: { externalId: true },
      });
      const present = new Set(existing.map((c) => c.externalId));
      const fresh = rubrics.filter((r) => !present.has(r.rubric.id));

      let optionCount = 0;
      for (const { file, rubric } of fresh) {
        const stored = toStoredCase(rubric);
        const specialty = specialtyOfCaseId(rubric.id)!;
        const { id: specialtyId } = await tx.specialty.upsert({
          where: { code: specialty.code },
          create: { code: specialty.code, name: specialty.name },
          update: {},
          select: { id: true },
        });
        const created = await tx.case.create({
          data: {
            projectId: projectId,
            externalId: stored.externalId,
            specialtyId,
            presentation: stored.presentation,
            recommendations: stored.recommendations,
            rubric: stored.rubric as Prisma.InputJsonValue,
            sourceFile: file,
          },
          select: { id: true },
        });
        await tx.option.createMany({
          data: stored.options.map((option) => ({ ...option, caseId: created.id, extra: option.extra as Prisma.InputJsonValue })),
        });
        optionCount += stored.options.length;
      }

      const skipped = rubrics.filter((r) => present.has(r.rubric.id)).map((r) => r.rubric.id);
      const { created: assigned, waiting } = await assignOpenCases(tx, projectId, options.actorId);
      await recordAudit(tx, {
        actorId: options.actorId,
        action: 'cases.import',
        entityType: 'project',
        entityId: projectId,
        data: { cases: fresh.map((r) => r.rubric.id), skipped, options: optionCount, assigned },
      });
      return {
        project: { slug: project.slug, created: project.created },
        imported: { cases: fresh.length, options: optionCount },
        skipped,
        errors: [],
        assigned,
        waiting: waiting.map(({ externalId, have, need }) => ({ externalId, have, need })),
      };
    },
    { timeout: 60_000 },
  );
}

