import { requireUser } from '@/lib/auth/session';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { errorResponse } from '@/lib/api/respond';
import { exportRelease } from '@/lib/releases/export';

export const dynamic = 'force-dynamic';

/** The locked release as one reproducible zip (rubrics with gold scores, raw ratings, card, sums). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireUser(COORDINATING_ROLES);
    const archive = await exportRelease({ releaseId: (await params).id });
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
