import { getDb } from '@/lib/db';

export const dynamic = 'force-dynamic';

/**
 * For load balancers and monitoring: is the app up and can it reach its database? No secrets, no
 * counts, no versions; 200 when healthy, 503 when the database does not answer within 2 s.
 */
export async function GET(): Promise<Response> {
  const started = performance.now();
  const database = await Promise.race([
    getDb().$queryRaw`SELECT 1`.then(() => 'ok' as const),
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000).unref()),
  ]).catch(() => 'unreachable' as const);
  const ok = database === 'ok';
  return Response.json(
    { status: ok ? 'ok' : 'degraded', app: 'ok', database, checkedInMs: Math.round(performance.now() - started) },
    { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
