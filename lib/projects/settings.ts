import 'server-only';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { projectSettingsSchema, type ProjectSettings } from '@/lib/projects/schema';

/** A project's settings with their defaults (unknown or malformed keys fall back to defaults). */
export function readProjectSettings(raw: unknown): ProjectSettings {
  const parsed = projectSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : projectSettingsSchema.parse({});
}

/** Change some of a project's settings; the audit row keeps the old and new values. */
export async function updateProjectSettings(options: { actorId: string; projectId: string; patch: Partial<ProjectSettings> }): Promise<ProjectSettings> {
  const patch = projectSettingsSchema.partial().strict().safeParse(options.patch);
  if (!patch.success) throw new AppError('INVALID_INPUT', `settings: ${z.prettifyError(patch.error)}`);
  return getDb().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ settings: unknown }>>`SELECT settings FROM projects WHERE id = ${options.projectId} FOR UPDATE`;
    if (!row) throw new AppError('NOT_FOUND', 'No such project.');
    const before = readProjectSettings(row.settings);
    const after = { ...(row.settings as Record<string, unknown>), ...before, ...patch.data };
    await tx.project.update({ where: { id: options.projectId }, data: { settings: after } });
    await recordAudit(tx, { actorId: options.actorId, action: 'project.settings', entityType: 'project', entityId: options.projectId, data: { old: before, new: readProjectSettings(after) } });
    return readProjectSettings(after);
  });
}

export async function getProjectSettings(projectId: string): Promise<ProjectSettings> {
  const project = await getDb().project.findUnique({ where: { id: projectId }, select: { settings: true } });
  if (!project) throw new AppError('NOT_FOUND', 'No such project.');
  return readProjectSettings(project.settings);
}
