import 'server-only';
import type { Tx } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

/**
 * Append one row to the audit history, inside the caller's transaction. The app's database role
 * cannot write audit_events itself: `primum_record_audit` (SECURITY DEFINER, migration
 * 20261201000300_app_role) appends the row as the owner, and nothing can change it afterwards.
 */
export async function recordAudit(
  tx: Tx,
  event: { actorId: string | null; action: string; entityType: string; entityId: string; data?: Prisma.InputJsonValue },
): Promise<void> {
  const data = JSON.stringify(event.data ?? {});
  await tx.$executeRaw`SELECT primum_record_audit(${event.actorId}::text, ${event.action}::text, ${event.entityType}::text, ${event.entityId}::text, ${data}::jsonb)`;
}
