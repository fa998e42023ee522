import { logUnexpectedError } from '@/lib/log/request';
import { saveRating } from '@/lib/ratings/save';
import { answerSaveRequest } from '@/lib/ratings/save-request';

export const dynamic = 'force-dynamic';

/**
 * The rating screen's save endpoint under Next (`next dev`, a bare `next start`). The production
 * server answers POST /api/ratings itself (lib/ratings/fast-save.ts) through the same
 * answerSaveRequest, which holds the whole logic: session, size limit, JSON, zod, one database call.
 */
export async function POST(request: Request): Promise<Response> {
  const answer = await answerSaveRequest(
    {
      cookie: request.headers.get('cookie'),
      contentType: request.headers.get('content-type'),
      secFetchSite: request.headers.get('sec-fetch-site'),
      authorization: request.headers.get('authorization'),
      forwardedProto: request.headers.get('x-forwarded-proto'),
      protocol: new URL(request.url).protocol,
      readBody: () => request.text(),
    },
    { save: (input) => saveRating(input), logUnexpected: (error) => logUnexpectedError('api', error, { status: 500 }) },
  );
  return Response.json(answer.body, { status: answer.status });
}
