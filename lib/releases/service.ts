import 'server-only';
import { z } from 'zod';
import { getDb, toAppError, type Tx } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { requireProjectAccess } from '@/lib/projects/membership';
import type { SessionUser } from '@/lib/auth/roles';
import { compareIds } from '@/lib/agreement/encode';
import { describeGoldRule } from '@/lib/gold';
import type { Prisma } from '@/lib/generated/prisma/client';
import { releaseManifest } from '@/lib/releases/archive';
import { RELEASE_FORMAT, type ReleaseMeta } from '@/lib/releases/archive/types';
import { LockData, type LockCase, type LockItem } from '@/lib/releases/lock-data';
import { defaultSelection, getProjectReadiness } from '@/lib/releases/readiness';
import { pseudonymOf, releaseSource } from '@/lib/releases/source';
import { viaPrisma } from '@/lib/releases/sql';

export type LockResult = {
  /** The database id (URLs); `id` is the release id researchers see: the SHA-256 of MANIFEST.sha256. */
  releaseId: string;
  id: string;
  version: number;
  cases: string[];
  added: string[];
  options: number;
  overridden: Array<{ caseExternalId: string; problems: string[] }>;
};

export const LICENSES = ['cc-by-4.0', 'cc-by-sa-4.0', 'cc-by-nc-4.0', 'cc0-1.0', 'odc-by', 'other'] as const;
export const DEFAULT_LICENSE = 'cc-by-4.0';

/** What a coordinator (web form or `primum release`) asks for; validated here, at the boundary. */
export const lockRequestSchema = z.object({
  /** External case ids; omitted: every released case and every ready one. */
  cases: z.array(z.string().trim().min(1)).min(1, 'select at least one case').max(100_000).optional(),
  /** Written reason to lock cases that are not ready (kept with the release, with who gave it). */
  override: z
    .string()
    .trim()
    .min(10, 'an override needs a written reason of at least 10 characters')
    .max(2000, 'at most 2,000 characters')
    .optional(),
  license: z.enum(LICENSES).default(DEFAULT_LICENSE),
});
export type LockRequest = z.input<typeof lockRequestSchema>;

/** "Not ready: A (what is missing), B (...)" for at most 20 cases. */
function describeNotReady(cases: ReadonlyArray<{ caseExternalId: string; problems: string[] }>): string {
  const list = cases.slice(0, 20).map((c) => `${c.caseExternalId} (${c.problems.join('; ')})`).join(', ');
  return `Not ready: ${list}${cases.length > 20 ? ` and ${cases.length - 20} more` : ''}`;
}

/** A lock from the web or a scoped command: refused (NOT_FOUND, nothing locked) outside the projects `user` may see. */
export async function lockReleaseAs(user: SessionUser, projectId: string, request: LockRequest = {}): Promise<LockResult> {
  await requireProjectAccess(user, projectId);
  return lockRelease({ actorId: user.id, projectId, ...request });
}

/**
 * Lock the selected cases as the project's next release version, in one transaction.
 *
 * - Selection: the external ids asked for, or every released case and every ready one. Released
 *   cases are carried as they were frozen; open ones are locked now.
 * - An open case that is not ready (see lib/releases/readiness) is refused with what is missing,
 *   unless an override reason is given; the release then records the reason, who gave it, and marks
 *   the options that lacked ratings or an adjudication (`locked_by_override`).
 * - Gold labels under the project's gold rule (recorded as text and as data), counts (simulated
 *   raters and ratings included), agreement figures with their bootstrap intervals, and the archive's
 *   file hashes (the release id) are written with it. From then on the database refuses any change
 *   to the locked cases' ratings, adjudications, flags and notes, and to the release itself.
 */
export async function lockRelease(options: { actorId: string; projectId: string } & LockRequest): Promise<LockResult> {
  const request = lockRequestSchema.safeParse({ cases: options.cases, override: options.override, license: options.license });
  if (!request.success) {
    const issue = request.error.issues[0];
    throw new AppError('INVALID_INPUT', `${issue.path.join('.') || 'request'}: ${issue.message}`);
  }
  const { cases: wanted, override, license } = request.data;
  try {
    return await getDb().$transaction(
      async (tx) => {
        // One lock at a time per project: a concurrent lock waits here and then sees the new version.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`release:${options.projectId}`}))`;
        // Freeze the open cases first: ratings being written wait for us, or we wait for them (the
        // rating and adjudication triggers share-lock the case row), so gold labels match what is stored.
        await tx.$queryRaw`SELECT id FROM cases WHERE project_id = ${options.projectId} AND locked_at IS NULL ORDER BY id FOR UPDATE`;
        const project = await tx.project.findUniqueOrThrow({ where: { id: options.projectId }, select: { slug: true, name: true, isDemo: true, pseudonymKey: true } });
        // One pass over the project, batch by batch: readiness per case, and the compact data the
        // items, counts and agreement are made from (lock-data.ts), never every case at once.
        const data = new LockData(project.pseudonymKey);
        const readiness = await getProjectReadiness(options.projectId, tx, (c, rules) => data.add(c, rules));
        const byExternalId = new Map(data.cases.map((c) => [c.externalId, c]));
        const selectedIds = wanted ? [...new Set(wanted)] : defaultSelection(readiness.cases);
        const unknown = selectedIds.filter((id) => !byExternalId.has(id));
        if (unknown.length > 0) throw new AppError('INVALID_INPUT', `No such case in this project: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}.`);
        if (selectedIds.length === 0) {
          const waiting = readiness.cases.filter((c) => !c.ready);
          throw new AppError(
            'CONFLICT',
            waiting.length === 0
              ? 'No case to release: the project has no cases yet.'
              : `No case is ready to release. ${describeNotReady(waiting.map((c) => ({ caseExternalId: c.externalId, problems: c.problems })))}.`,
          );
        }
        const selected = selectedIds.map((id) => byExternalId.get(id)!).sort((a, b) => compareIds(a.externalId, b.externalId));

        const problemsOf = new Map(readiness.cases.map((c) => [c.externalId, c.problems]));
        const overridden = selected.map((c) => ({ caseExternalId: c.externalId, problems: problemsOf.get(c.externalId)! })).filter((c) => c.problems.length > 0);
        if (overridden.length > 0 && !override) {
          throw new AppError('CONFLICT', `${describeNotReady(overridden)}. Deselect these cases or give an override reason.`);
        }
        const overriddenIds = new Set(overridden.map((c) => c.caseExternalId));

        const previous = await tx.release.findFirst({ where: { projectId: options.projectId }, orderBy: { version: 'desc' }, select: { id: true, version: true, goldRule: true, license: true } });
        if (previous && previous.goldRule === describeGoldRule(readiness.goldRule) && previous.license === license) {
          const before = await tx.releaseCase.findMany({ where: { releaseId: previous.id }, select: { caseId: true } });
          const selectedDbIds = new Set(selected.map((c) => c.id));
          const same = before.length === selected.length && before.every((b) => selectedDbIds.has(b.caseId));
          if (same) throw new AppError('CONFLICT', `Nothing to release: v${previous.version} already holds these ${selected.length} case(s) under the same gold rule and licence.`);
        }
        const agreement = data.agreement(selected);
        const counts = data.counts(selected);
        const version = (previous?.version ?? 0) + 1;
        const specialties = new Map<string, { code: string; name: string; cases: number; options: number }>();
        for (const c of selected) {
          const s = specialties.get(c.specialty.code) ?? { code: c.specialty.code, name: c.specialty.name, cases: 0, options: 0 };
          s.cases += 1;
          s.options += c.options;
          specialties.set(c.specialty.code, s);
        }
        const createdAt = new Date();
        // Everything of release.json but the agreement (its own column): frozen here, so that a
        // renamed project or specialty never changes an exported release.
        const meta: Omit<ReleaseMeta, 'agreement'> = {
          format: RELEASE_FORMAT,
          project: { slug: project.slug, name: project.name, is_demo: project.isDemo },
          version,
          created_at: createdAt.toISOString(),
          license,
          gold_rule: { description: describeGoldRule(readiness.goldRule), config: readiness.goldRule },
          override: override ? { reason: override, given_by: pseudonymOf(project.pseudonymKey, options.actorId), cases: overridden.map((c) => c.caseExternalId) } : null,
          counts,
          specialties: [...specialties.values()].sort((a, b) => compareIds(a.code, b.code)),
          cases: selected.map((c) => ({ id: c.externalId, specialty: c.specialty.code, options: c.options })),
          previous_version: previous?.version ?? null,
        };

        const release = await tx.release.create({
          data: {
            projectId: options.projectId,
            version,
            createdAt,
            goldRule: meta.gold_rule.description,
            goldRuleConfig: readiness.goldRule as Prisma.InputJsonValue,
            license,
            overrideReason: override ?? null,
            overrideById: override ? options.actorId : null,
            agreement: agreement as unknown as Prisma.InputJsonValue,
            createdById: options.actorId,
            summary: meta as unknown as Prisma.InputJsonValue,
          },
          select: { id: true },
        });
        await insertReleaseRows(tx, release.id, selected, data.items(selected, overriddenIds));
        const added = selected.filter((c) => c.lockedAt === null);
        await tx.$executeRaw`UPDATE cases SET locked_at = ${createdAt} WHERE id = ANY(${added.map((c) => c.id)})`;
        const summary = await writeManifest(tx, release.id);
        await recordAudit(tx, {
          actorId: options.actorId,
          action: 'release.lock',
          entityType: 'release',
          entityId: release.id,
          data: { version, id: summary.manifestSha256, cases: selected.length, added: added.length, options: counts.options, license, override: override ?? null, overridden, counts: meta.counts },
        });
        return {
          releaseId: release.id,
          id: summary.manifestSha256,
          version,
          cases: selected.map((c) => c.externalId),
          added: added.map((c) => c.externalId),
          options: counts.options,
          overridden,
        };
      },
      // A 100x NOHARM project (10,000 cases) takes minutes: two passes over its cases, the second
      // writing the archive's hashes; on a loaded 2-core machine past 10 (bench:release, run E).
      { timeout: 30 * 60_000, maxWait: 30_000 },
    );
  } catch (error) {
    throw toAppError(error);
  }
}

/** Rows per INSERT of release_cases and release_items (arrays through unnest: a few statements at 100x). */
const INSERT_ROWS = 20_000;

/** release_cases and release_items, in a few statements (after the release row: the seal trigger wants them in its transaction). */
async function insertReleaseRows(tx: Tx, releaseId: string, cases: readonly LockCase[], items: Iterable<LockItem>) {
  for (let i = 0; i < cases.length; i += INSERT_ROWS) {
    const ids = cases.slice(i, i + INSERT_ROWS).map((c) => c.id);
    await tx.$executeRaw`INSERT INTO release_cases (release_id, case_id) SELECT ${releaseId}, unnest(${ids}::text[])`;
  }
  let chunk: LockItem[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const rows = chunk;
    chunk = [];
    await tx.$executeRaw`
      INSERT INTO release_items (release_id, option_id, gold_score, gold_source, rating_count, disagreement, locked_by_override, zone, severity, harm_side)
      SELECT ${releaseId}, * FROM unnest(${rows.map((r) => r.optionId)}::text[], ${rows.map((r) => r.goldScore)}::double precision[], ${rows.map((r) => r.goldSource)}::text[],
        ${rows.map((r) => r.ratingCount)}::int[], ${rows.map((r) => r.disagreement)}::boolean[], ${rows.map((r) => r.lockedByOverride)}::boolean[],
        ${rows.map((r) => r.zone)}::text[], ${rows.map((r) => r.severity)}::text[], ${rows.map((r) => r.harmSide)}::text[])`;
  };
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === INSERT_ROWS) await flush();
  }
  await flush();
}

/** The archive's file list (MANIFEST.sha256 last), computed from what was just written in this transaction (the seal trigger allows no later rows). */
async function writeManifest(tx: Tx, releaseId: string) {
  const summary = await releaseManifest(await releaseSource(viaPrisma(tx), releaseId));
  await tx.releaseFile.createMany({
    data: summary.files.map((f, position) => ({ releaseId, position, path: f.path, size: BigInt(f.size), sha256: f.sha256 })),
  });
  return summary;
}
