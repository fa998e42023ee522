import { errorResponse } from '@/lib/api/respond';
import { releaseDownloadResponse } from '@/lib/releases/download';
import { releaseOfToken } from '@/lib/releases/links';

export const dynamic = 'force-dynamic';

/** A release's zip through a reviewer's public link (the token is the credential; revoked: 404). */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  try {
    const { token } = await params;
    return await releaseDownloadResponse(await releaseOfToken(token));
  } catch (error) {
    return errorResponse(error);
  }
}
