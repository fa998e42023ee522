import { requireUser } from '@/lib/auth/session';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { errorResponse } from '@/lib/api/respond';
import { exportRelease } from '@/lib/releases/export';
import { requireReleaseAccess } from '@/lib/projects/membership';

export const dynamic = 'force-dynamic';

/** The locked release as one reproducible zip (rubrics with gold scores, raw ratings, card, sums). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser(COORDINATING_ROLES);
    const { id } = await params;
    await requireReleaseAccess(user, id);
    const archive = await exportRelease({ releaseId: id });
    return new Response(Buffer.from(archive.bytes), {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${archive.fileName}"`,
        'X-Content-SHA256': archive.sha256,
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
