import { requireUser } from '@/lib/auth/session';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { errorResponse } from '@/lib/api/respond';
import { releaseDownloadResponse, releaseHeadResponse } from '@/lib/releases/download';
import { requireReleaseAccess } from '@/lib/projects/membership';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

async function allowedRelease({ params }: Context): Promise<string> {
  const user = await requireUser(COORDINATING_ROLES);
  const { id } = await params;
  await requireReleaseAccess(user, id);
  return id;
}

/** The locked release as one reproducible zip, streamed (see docs/release-format.md). */
export async function GET(request: Request, context: Context) {
  try {
    return await releaseDownloadResponse(await allowedRelease(context), request.signal);
  } catch (error) {
    return errorResponse(error);
  }
}

/** The download's headers only: no archive is made. */
export async function HEAD(_request: Request, context: Context) {
  try {
    return await releaseHeadResponse(await allowedRelease(context));
  } catch (error) {
    return errorResponse(error);
  }
}
