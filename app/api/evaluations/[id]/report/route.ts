import { z } from 'zod';
import { requireUser } from '@/lib/auth/session';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { errorResponse } from '@/lib/api/respond';
import { AppError } from '@/lib/errors';
import { getEvaluation } from '@/lib/evaluations/queries';
import { evaluationCsv, evaluationJson } from '@/lib/evaluations/report';

export const dynamic = 'force-dynamic';

const formatSchema = z.enum(['csv', 'json'], 'format is csv or json');

/** An evaluation's leaderboards: `?format=csv` (a row per variant, scope and model) or `?format=json` (everything). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser(COORDINATING_ROLES);
    const { id } = await params;
    const format = formatSchema.safeParse(new URL(request.url).searchParams.get('format') ?? 'csv');
    if (!format.success) throw new AppError('INVALID_INPUT', 'format is csv or json');
    const evaluation = await getEvaluation(user, id);
    const name = `evaluation-v${evaluation.release.version}-${evaluation.createdAt.slice(0, 10)}-${evaluation.id.slice(-8)}`;
    const csv = format.data === 'csv';
    const body = csv ? evaluationCsv(evaluation.result) : evaluationJson(evaluation, evaluation.result);
    return new Response(body, {
      headers: {
        'Content-Type': csv ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}.${format.data}"`,
        'Cache-Control': 'private, no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
