import { requireUser } from '@/lib/auth/session';
import { REVIEWING_ROLES } from '@/lib/auth/roles';
import { errorResponse } from '@/lib/api/respond';
import { watchAgreementView } from '@/lib/agreement-view/service';
import { onProjectRatingChange } from '@/lib/live/rating-events';
import { sseResponse } from '@/lib/live/sse';
import { currentRequestId } from '@/lib/log/request';
import { getLiveSummary } from '@/lib/projects/overview';
import { findVisibleProject } from '@/lib/projects/membership';

export const dynamic = 'force-dynamic';

/**
 * Server-Sent Events: the project's live summary, re-sent after every committed rating change.
 * `?view=agreement` (the agreement page's stream) also keeps the agreement snapshot fresh while open.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const user = await requireUser(REVIEWING_ROLES);
    const project = await findVisibleProject(user, (await params).slug);
    const watchesAgreement = new URL(request.url).searchParams.get('view') === 'agreement';
    return sseResponse({
      signal: request.signal,
      requestId: await currentRequestId(),
      event: 'summary',
      produce: () => getLiveSummary(project.id),
      // Losing the database's LISTEN connection ends the stream: the page shows it is not live
      // and reconnects by itself, to a stream that starts with fresh figures.
      subscribe: async (trigger, end) => {
        const unsubscribe = await onProjectRatingChange(project.id, trigger, end);
        const unwatch = watchesAgreement ? watchAgreementView(project.id) : () => {};
        return () => {
          unsubscribe();
          unwatch();
        };
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
