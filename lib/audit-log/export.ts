import 'server-only';
import type { SessionUser } from '@/lib/auth/roles';
import { findVisibleProject } from '@/lib/projects/membership';
import { AUDIT_CSV_HEADER, csvLine, valueCell } from '@/lib/audit-log/csv';
import { streamProjectAuditLog, type AuditRow } from '@/lib/audit-log/service';
import type { AuditFilter } from '@/lib/audit-log/schema';

/**
 * The filtered audit log of a project as CSV chunks (header row first, UTC ISO timestamps,
 * RFC 4180 quoting), read page by page. The access check happens before the first chunk:
 * outside the user's projects it throws NOT_FOUND.
 */
export async function* auditCsvChunks(options: { user: SessionUser; slug: string; filter: AuditFilter }): AsyncGenerator<string> {
  const project = await findVisibleProject(options.user, options.slug);
  const pages = streamProjectAuditLog({ user: options.user, projectId: project.id, filter: options.filter });
  const first = await pages.next(); // runs the role check before anything is sent
  yield csvLine(AUDIT_CSV_HEADER);
  const lines = (rows: AuditRow[]) =>
    rows.map((r) => csvLine([r.at, r.actor, r.actorId, r.action, r.entityType, r.entityId, r.subject, valueCell(r.old), valueCell(r.new), valueCell(r.data)])).join('');
  if (!first.done) yield lines(first.value);
  for await (const rows of pages) yield lines(rows);
}
