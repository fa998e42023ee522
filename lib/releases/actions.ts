'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { safeAction, type ActionState } from '@/lib/actions/safe-action';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { createReleaseLink, publicReleasePath, revokeReleaseLink } from '@/lib/releases/links';
import { LICENSES, lockReleaseAs } from '@/lib/releases/service';

const lockSchema = z.object({
  projectId: z.string().min(1),
  slug: z.string().min(1),
  cases: z.array(z.string().min(1)).min(1, 'Select at least one case.'),
  override: z.string().trim().max(2000, 'At most 2,000 characters.').optional(),
  license: z.enum(LICENSES, 'Choose a licence from the list.'),
});

export type LockActionData = { version: number; id: string };

const lock = safeAction(COORDINATING_ROLES, lockSchema, async ({ projectId, slug, cases, override, license }, user): Promise<ActionState<LockActionData>> => {
  const result = await lockReleaseAs(user, projectId, { cases, override: override || undefined, license });
  revalidatePath(`/projects/${slug}`, 'layout');
  const overridden = result.overridden.length > 0 ? ` Locked by override: ${result.overridden.map((c) => c.caseExternalId).join(', ')}.` : '';
  return {
    ok: true,
    message: `Release v${result.version} locked: ${result.cases.length} case(s) (${result.added.length} new), ${result.options} option(s).${overridden}`,
    data: { version: result.version, id: result.id },
  };
});

/** The create-release form: the selected cases (checkboxes named "cases"), an optional override reason, the licence. */
export async function lockReleaseAction(_state: ActionState<LockActionData>, formData: FormData): Promise<ActionState<LockActionData>> {
  return lock({
    projectId: formData.get('projectId'),
    slug: formData.get('slug'),
    cases: formData.getAll('cases'),
    override: formData.get('override') ?? undefined,
    license: formData.get('license'),
  });
}

const linkSchema = z.object({ releaseId: z.string().min(1), path: z.string().startsWith('/projects/') });

const createLink = safeAction(COORDINATING_ROLES, linkSchema, async ({ releaseId, path }, user): Promise<ActionState<{ path: string }>> => {
  const { token } = await createReleaseLink(user, releaseId);
  revalidatePath(path);
  return { ok: true, message: 'Public link created. It is shown only now: copy it.', data: { path: publicReleasePath(token) } };
});

export async function createLinkAction(_state: ActionState<{ path: string }>, formData: FormData): Promise<ActionState<{ path: string }>> {
  return createLink({ releaseId: formData.get('releaseId'), path: formData.get('path') });
}

const revokeSchema = z.object({ linkId: z.string().min(1), path: z.string().startsWith('/projects/') });

const revokeLink = safeAction(COORDINATING_ROLES, revokeSchema, async ({ linkId, path }, user) => {
  await revokeReleaseLink(user, linkId);
  revalidatePath(path);
  return { ok: true, message: 'Link revoked: it no longer opens the release.' };
});

export async function revokeLinkAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return revokeLink({ linkId: formData.get('linkId'), path: formData.get('path') });
}
