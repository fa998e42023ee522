import { requireUser } from '@/lib/auth/session';
import { REVIEWING_ROLES } from '@/lib/auth/roles';
import { errorResponse } from '@/lib/api/respond';
import { onProjectRatingChange } from '@/lib/live/rating-events';
import { sseResponse } from '@/lib/live/sse';
import { getLiveSummary } from '@/lib/projects/overview';
import { findProjectBySlug } from '@/lib/projects/service';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: the project's live summary, re-sent after every committed rating change. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    await requireUser(REVIEWING_ROLES);
    const project = await findProjectBySlug((await params).slug);
    return sseResponse({
      signal: request.signal,
      event: 'summary',
      produce: () => getLiveSummary(project.id),
      subscribe: (trigger) => onProjectRatingChange(project.id, trigger),
    });
  } catch (error) {
    return errorResponse(error);
  }
}
