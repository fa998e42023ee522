import 'server-only';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { requireProjectAccess } from '@/lib/projects/membership';
import type { SessionUser } from '@/lib/auth/roles';
import { projectSettingsSchema, type ProjectSettings } from '@/lib/projects/schema';

/** A project's settings with their defaults (unknown or malformed keys fall back to defaults). */
export function readProjectSettings(raw: unknown): ProjectSettings {
  const parsed = projectSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : projectSettingsSchema.parse({});
}

/** Change some of a project's settings; the audit row keeps the old and new values. */
export async function updateProjectSettings(options: { actorId: string | null; projectId: string; patch: Partial<ProjectSettings> }): Promise<ProjectSettings> {
  const patch = projectSettingsSchema.partial().strict().safeParse(options.patch);
  if (!patch.success) throw new AppError('INVALID_INPUT', `settings: ${z.prettifyError(patch.error)}`);
  return getDb().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ settings: unknown }>>`SELECT settings FROM projects WHERE id = ${options.projectId} FOR UPDATE`;
    if (!row) throw new AppError('NOT_FOUND', 'No such project.');
    const before = readProjectSettings(row.settings);
    // zod fills defaults into a partial parse too: keep only the keys the caller sent.
    const sent = Object.fromEntries(Object.entries(patch.data).filter(([key]) => key in options.patch));
    const after = { ...(row.settings as Record<string, unknown>), ...before, ...sent };
    await tx.project.update({ where: { id: options.projectId }, data: { settings: after } });
    const next = readProjectSettings(after);
    // The audit row names only the settings this change touched.
    const keys = Object.keys(sent) as Array<keyof ProjectSettings>;
    const pick = (from: ProjectSettings) => Object.fromEntries(keys.map((key) => [key, from[key]]));
    await recordAudit(tx, { actorId: options.actorId, action: 'project.settings', entityType: 'project', entityId: options.projectId, data: { old: pick(before), new: pick(next) } });
    return next;
  });
}

/** The same, for a person acting from the web: refused (NOT_FOUND) outside the projects they may see. */
export async function updateProjectSettingsAs(user: SessionUser, projectId: string, patch: Partial<ProjectSettings>): Promise<ProjectSettings> {
  await requireProjectAccess(user, projectId);
  return updateProjectSettings({ actorId: user.id, projectId, patch });
}

export async function getProjectSettings(projectId: string): Promise<ProjectSettings> {
  const project = await getDb().project.findUnique({ where: { id: projectId }, select: { settings: true } });
  if (!project) throw new AppError('NOT_FOUND', 'No such project.');
  return readProjectSettings(project.settings);
}
