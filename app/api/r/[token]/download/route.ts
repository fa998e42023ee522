import { errorResponse } from '@/lib/api/respond';
import { releaseDownloadResponse, releaseHeadResponse } from '@/lib/releases/download';
import { releaseOfToken } from '@/lib/releases/links';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ token: string }> };

/** A release's zip through a reviewer's public link (the token is the credential; revoked: 404). */
export async function GET(request: Request, { params }: Context) {
  try {
    const { token } = await params;
    return await releaseDownloadResponse(await releaseOfToken(token), request.signal);
  } catch (error) {
    return errorResponse(error);
  }
}

/** The download's headers only: no archive is made. */
export async function HEAD(_request: Request, { params }: Context) {
  try {
    const { token } = await params;
    return await releaseHeadResponse(await releaseOfToken(token));
  } catch (error) {
    return errorResponse(error);
  }
}
