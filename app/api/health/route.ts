import { checkHealth } from '@/lib/server/health';

export const dynamic = 'force-dynamic';

/** For load balancers and monitoring: 200 when healthy, 503 when the database does not answer within 2 s. */
export async function GET(): Promise<Response> {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
