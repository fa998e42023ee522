import { LocalTime } from '@/components/ui/local-time';
import { valueText } from '@/lib/audit-log/csv';
import type { AuditRow } from '@/lib/audit-log/service';

function Value({ value }: { value: unknown }) {
  const text = valueText(value);
  if (!text) return <span className="text-slate-400">—</span>;
  return <span className="break-words font-mono text-xs">{text.length > 200 ? `${text.slice(0, 200)}…` : text}</span>;
}

/** Rows of the audit log: who, when (viewer's zone), what, old → new. */
export function AuditTable({ rows }: { rows: AuditRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600" data-testid="audit-empty">No changes match these filters.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="whitespace-nowrap py-2 pr-4">When</th>
            <th scope="col" className="whitespace-nowrap pr-4">Who</th>
            <th scope="col" className="whitespace-nowrap pr-4">Action</th>
            <th scope="col" className="whitespace-nowrap pr-4">About</th>
            <th scope="col" className="whitespace-nowrap pr-4">Old → new</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const hasOldNew = r.old !== null || r.new !== null;
            return (
              <tr key={r.id} className="border-t border-slate-100 align-top" data-testid="audit-row" data-action={r.action}>
                <td className="whitespace-nowrap py-2 pr-4"><LocalTime iso={r.at} /></td>
                <td className="min-w-36 pr-4">
                  {r.actorId ? r.actor : <em className="text-slate-700">{r.actor}</em>}
                  {r.actorSimulated ? <span className="ml-1 rounded bg-violet-100 px-1 text-xs text-violet-900">simulated</span> : null}
                </td>
                <td className="whitespace-nowrap pr-4"><code className="text-xs">{r.action}</code></td>
                <td className="min-w-60 pr-4">{r.subject}</td>
                <td className="pr-4" data-testid="audit-change">
                  {hasOldNew ? (
                    <span>
                      <Value value={r.old} /> <span aria-label="changed to">→</span> <Value value={r.new} />
                    </span>
                  ) : (
                    <Value value={r.data} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
