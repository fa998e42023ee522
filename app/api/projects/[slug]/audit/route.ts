import { requireUser } from '@/lib/auth/session';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { errorResponse } from '@/lib/api/respond';
import { AppError } from '@/lib/errors';
import { auditCsvChunks } from '@/lib/audit-log/export';
import { parseAuditFilter } from '@/lib/audit-log/schema';
import { log } from '@/lib/log/logger';
import { currentRequestId } from '@/lib/log/request';

export const dynamic = 'force-dynamic';

/** The project's audit log, filtered as on the page, streamed as CSV (coordinators of the project, admins). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const user = await requireUser(COORDINATING_ROLES);
    const { slug } = await params;
    const parsed = parseAuditFilter(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.ok) throw new AppError('INVALID_INPUT', parsed.message);
    const chunks = auditCsvChunks({ user, slug, filter: parsed.filter });
    const first = await chunks.next(); // access is checked here: a stranger gets a 404, not an empty file
    const encoder = new TextEncoder();
    const requestId = await currentRequestId(); // read now: the stream outlives the request's scope
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(encoder.encode(first.value));
      },
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          log.error('audit export failed mid-stream', { component: 'api', route: 'audit', requestId }, error);
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="audit-${slug}-${stamp}.csv"`,
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
