import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { uploadRubricForm } from '@/lib/import/upload';
import { getProjectSettings, updateProjectSettingsAs } from '@/lib/projects/settings';
import { resolveProject } from '@/lib/projects/service';
import { lockReleaseAs } from '@/lib/releases/service';
import { makeUser } from '@/test/fixtures';
import { noharmFile } from '@/test/noharm';

/** What the web's import and settings actions run after the role check: scoped to the user's projects. */
function uploadOf(projectId: string, caseId: string): FormData {
  const form = new FormData();
  form.set('projectId', projectId);
  form.append('files', new File([noharmFile(caseId).content], `${caseId}.json`, { type: 'application/json' }));
  return form;
}

describe('project commands from the web are scoped to membership (real PostgreSQL)', () => {
  it('[COORDINATOR of another project] cannot import into, change the settings of, or lock this one; nothing changes', async () => {
    const member = await makeUser('COORDINATOR');
    const outsider = await makeUser('COORDINATOR');
    const project = await getDb().$transaction((tx) => resolveProject({ slug: 'scoped-commands', actorId: member.id, db: tx }));
    const auditBefore = await getDb().auditEvent.count();

    await expect(uploadRubricForm(outsider, uploadOf(project.id, 'Derm001'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(updateProjectSettingsAs(outsider, project.id, { stalledAfterDays: 30 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(lockReleaseAs(outsider, project.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getDb().case.count({ where: { projectId: project.id } })).toBe(0);
    expect((await getProjectSettings(project.id)).stalledAfterDays).toBe(7);
    expect(await getDb().auditEvent.count()).toBe(auditBefore);

    // The member can; an admin can too, without being a member.
    const admin = await makeUser('ADMIN');
    await expect(uploadRubricForm(member, uploadOf(project.id, 'Derm001'))).resolves.toMatchObject({ state: { ok: true, message: expect.stringContaining('Imported 1 case(s)') } });
    await expect(updateProjectSettingsAs(admin, project.id, { stalledAfterDays: 30 })).resolves.toMatchObject({ stalledAfterDays: 30 });
    // A member reaches the lock itself (nothing is fully rated yet, so it says so).
    await expect(lockReleaseAs(member, project.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
