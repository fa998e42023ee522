import { errorResponse } from '@/lib/api/respond';
import { RATING_ROLES } from '@/lib/auth/roles';
import { requireUser } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
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
    const text = await request.text();
    if (text.length > MAX_BODY_CHARS) throw new AppError('INVALID_INPUT', `A verdict is at most ${MAX_BODY_CHARS} bytes.`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppError('INVALID_INPUT', 'The request body is not JSON.');
    }
    const parsed = saveVerdictSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('INVALID_INPUT', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    return Response.json(await saveVerdict(user, parsed.data), { headers: { 'Cache-Control': 'private, no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}
