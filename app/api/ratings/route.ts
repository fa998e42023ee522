import { auth } from '@/lib/auth/config';
import { errorResponse } from '@/lib/api/respond';
import { AppError } from '@/lib/errors';
import { saveRatingSchema } from '@/lib/ratings/schema';
import { saveRating } from '@/lib/ratings/save';

export const dynamic = 'force-dynamic';

/**
 * The rating screen's save endpoint. One database round trip: the session token names the user,
 * and `primum_save_rating` itself checks that they are an active physician assigned to the case.
 * 4xx answers are final (the queue drops the save and says why); 5xx and network errors are retried.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const session = await auth();
    const userId = session?.user?.id;
    if (!userId) throw new AppError('UNAUTHENTICATED', 'Please sign in again; your unsaved scores are kept in this browser.');
    const body = await request.json().catch(() => {
      throw new AppError('INVALID_INPUT', 'The request body is not JSON.');
    });
    const parsed = saveRatingSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('INVALID_INPUT', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    return Response.json(await saveRating({ userId, ...parsed.data }));
  } catch (error) {
    return errorResponse(error);
  }
}
