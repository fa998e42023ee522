import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { getProjectSettings, updateProjectSettings } from '@/lib/projects/settings';
import { getCaseForRating } from '@/lib/ratings/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

describe('project settings: what raters see (real PostgreSQL)', () => {
  let rater: SessionUser;
  let coordinator: SessionUser;
  let projectId: string;
  let caseId: string;

  beforeAll(async () => {
    rater = await makeUser('PHYSICIAN', ['Heme']);
    coordinator = await makeUser('COORDINATOR');
    await importNoharm('settings', ['Heme002']);
    projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: 'settings' } })).id;
    caseId = (await optionsOf('Heme002', 'settings'))[0].caseId;
  });

  it('[PHYSICIAN] does not see the specialist recommendation unless the project shows it', async () => {
    expect((await getProjectSettings(projectId)).showRecommendationsToRaters).toBe(false);
    expect((await getCaseForRating({ user: rater, caseId })).recommendations).toBeNull();
    await updateProjectSettings({ actorId: coordinator.id, projectId, patch: { showRecommendationsToRaters: true } });
    const shown = await getCaseForRating({ user: rater, caseId });
    const stored = await getDb().case.findUniqueOrThrow({ where: { id: caseId }, select: { recommendations: true } });
    expect(shown.recommendations).toBe(stored.recommendations);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: 'project.settings', entityId: projectId } });
    expect(audit.data).toEqual({ old: { showRecommendationsToRaters: false }, new: { showRecommendationsToRaters: true } });
  });

  it('refuses an unknown or mistyped setting and changes nothing', async () => {
    const before = await getDb().project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } });
    await expect(updateProjectSettings({ actorId: coordinator.id, projectId, patch: { showRecommendationsToRaters: 'yes' } as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(updateProjectSettings({ actorId: coordinator.id, projectId, patch: { nonsense: true } as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await getDb().project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } })).settings).toEqual(before.settings);
  });
});
