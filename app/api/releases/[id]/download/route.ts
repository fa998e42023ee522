import { requireUser } from '@/lib/auth/session';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { errorResponse } from '@/lib/api/respond';
import { releaseDownloadResponse } from '@/lib/releases/download';
import { requireReleaseAccess } from '@/lib/projects/membership';

export const dynamic = 'force-dynamic';

/** The locked release as one reproducible zip, streamed (see docs/release-format.md). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser(COORDINATING_ROLES);
    const { id } = await params;
    await requireReleaseAccess(user, id);
    return await releaseDownloadResponse(id);
  } catch (error) {
    return errorResponse(error);
  }
}
