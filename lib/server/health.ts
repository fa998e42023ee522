import 'server-only';
import { getDb } from '@/lib/db';

export type Health = { status: 'ok' | 'degraded'; app: 'ok'; database: 'ok' | 'timeout' | 'unreachable'; checkedInMs: number };

/** App and database state for load balancers: no secrets, no counts, no versions. */
export async function checkHealth(timeoutMs = 2000): Promise<Health> {
  const started = performance.now();
  const database = await Promise.race([
    getDb().$queryRaw`SELECT 1`.then(() => 'ok' as const),
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref()),
  ]).catch(() => 'unreachable' as const);
  return { status: database === 'ok' ? 'ok' : 'degraded', app: 'ok', database, checkedInMs: Math.round(performance.now() - started) };
}
