import { errorResponse } from '@/lib/api/respond';
import { RATING_ROLES } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/session';
import { checkJsonRequest, parseJsonBody } from '@/lib/api/json-body';
import { saveVerdictSchema } from '@/lib/plan-review/schema';
import { saveVerdict } from '@/lib/plan-review/service';

export const dynamic = 'force-dynamic';

/** A verdict is well under a hundred bytes; anything much larger is not one. */
const MAX_BODY_CHARS = 2048;

/**
 * The judging screen's save endpoint (its retry queue, components/plan-review/verdict-queue.ts):
 * one verdict on an option of one's own assigned plan. Answers by HTTP status, so the queue can
 * tell a refusal (4xx: dropped and shown on the row) from a failure worth retrying (5xx). Saving
 * is idempotent and the newest `givenAt` wins, so a retried or late save is harmless.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const user = await requireUser(RATING_ROLES);
    checkJsonRequest({ contentType: request.headers.get('content-type'), secFetchSite: request.headers.get('sec-fetch-site') });
    const input = parseJsonBody(await request.text(), saveVerdictSchema, { maxChars: MAX_BODY_CHARS, noun: 'verdict' });
    return Response.json(await saveVerdict(user, input), { headers: { 'Cache-Control': 'private, no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}
