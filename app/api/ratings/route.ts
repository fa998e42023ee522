import { getToken } from 'next-auth/jwt';
import { errorResponse } from '@/lib/api/respond';
import { AppError } from '@/lib/errors';
import { saveRatingSchema } from '@/lib/ratings/schema';
import { saveRating } from '@/lib/ratings/save';
import { isWithinLifetime, readClaims } from '@/lib/auth/session-token';

export const dynamic = 'force-dynamic';

/** A save is a few hundred bytes; anything much larger is not one. */
const MAX_BODY_BYTES = 4096;

/**
 * The rating screen's save endpoint, built for speed: the session cookie is only decrypted
 * (Auth.js's `auth()` would also re-issue it on every save), and `primum_save_rating_in_session`
 * checks that the session is current and the user an active physician assigned to the case, in
 * the one database round trip of the save. 4xx answers are final (the queue drops the save and says why); 5xx and
 * network errors are retried.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    // Auth.js's rule for the cookie's name (__Secure- over HTTPS): AUTH_URL when set, else the proxy's protocol.
    const publicUrl = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
    const secureCookie = publicUrl
      ? publicUrl.startsWith('https:')
      : (request.headers.get('x-forwarded-proto') ?? new URL(request.url).protocol).startsWith('https');
    const token = await getToken({ req: request, secret: process.env.AUTH_SECRET, secureCookie });
    // The session version is checked inside the save's one database call.
    const claims = readClaims(token);
    if (!claims || !isWithinLifetime(claims)) throw new AppError('UNAUTHENTICATED', 'Please sign in again; your unsaved scores are kept in this browser.');
    const text = await request.text();
    if (text.length > MAX_BODY_BYTES) throw new AppError('INVALID_INPUT', `A save is at most ${MAX_BODY_BYTES} bytes.`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppError('INVALID_INPUT', 'The request body is not JSON.');
    }
    const parsed = saveRatingSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('INVALID_INPUT', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    return Response.json(await saveRating({ userId: claims.uid, sessionVersion: claims.sv, ...parsed.data }));
  } catch (error) {
    return errorResponse(error);
  }
}
