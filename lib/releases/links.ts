import 'server-only';
import { getDb } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import type { SessionUser } from '@/lib/auth/roles';
import { generateToken, hashToken, isTokenShaped } from '@/lib/invitations/token';
import { requireReleaseAccess } from '@/lib/projects/membership';

/**
 * Public links to a release for reviewers: an unguessable token (32 random bytes; only its SHA-256
 * is stored, so the link is shown once) that a coordinator can revoke. The database allows a link
 * no change but its revocation (trigger `release_links_revoke_only`).
 */

/** Path of the public page of a release link. */
export const publicReleasePath = (token: string) => `/r/${token}`;

export async function createReleaseLink(user: SessionUser, releaseId: string): Promise<{ token: string; linkId: string }> {
  await requireReleaseAccess(user, releaseId);
  const token = generateToken();
  const link = await getDb().$transaction(async (tx) => {
    const created = await tx.releaseLink.create({ data: { releaseId, tokenHash: hashToken(token), createdById: user.id }, select: { id: true } });
    await recordAudit(tx, { actorId: user.id, action: 'release.link.create', entityType: 'release', entityId: releaseId, data: { linkId: created.id } });
    return created;
  });
  return { token, linkId: link.id };
}

export async function revokeReleaseLink(user: SessionUser, linkId: string): Promise<void> {
  const link = await getDb().releaseLink.findUnique({ where: { id: linkId }, select: { releaseId: true, revokedAt: true } });
  if (!link) throw new AppError('NOT_FOUND', 'No such link.');
  await requireReleaseAccess(user, link.releaseId);
  if (link.revokedAt) throw new AppError('CONFLICT', 'This link was already revoked.');
  await getDb().$transaction(async (tx) => {
    await tx.releaseLink.update({ where: { id: linkId }, data: { revokedAt: new Date(), revokedById: user.id } });
    await recordAudit(tx, { actorId: user.id, action: 'release.link.revoke', entityType: 'release', entityId: link.releaseId, data: { linkId } });
  });
}

/** The release a public token opens; a revoked or unknown token is "not found" (nothing says which). */
export async function releaseOfToken(token: string): Promise<string> {
  if (!isTokenShaped(token)) throw new AppError('NOT_FOUND', 'This link is not valid or was revoked.');
  const link = await getDb().releaseLink.findUnique({ where: { tokenHash: hashToken(token) }, select: { releaseId: true, revokedAt: true } });
  if (!link || link.revokedAt) throw new AppError('NOT_FOUND', 'This link is not valid or was revoked.');
  return link.releaseId;
}
