import { ACTION_FAMILIES, type AuditFilter } from '@/lib/audit-log/schema';

/** A plain GET form: the filters live in the URL, so a filtered view can be shared and exported. */
export function AuditFilters({ action, filter, actors }: { action: string; filter: AuditFilter; actors: Array<{ id: string; name: string }> }) {
  const field = 'mt-1 block rounded border border-slate-300 px-2 py-1 text-sm';
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
      <label className="text-sm">
        <span className="font-medium">Action</span>
        <select name="action" defaultValue={filter.action ?? ''} className={field}>
          <option value="">any</option>
          {ACTION_FAMILIES.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </label>
      <label className="text-sm">
        <span className="font-medium">Who</span>
        <select name="actor" defaultValue={filter.actor ?? ''} className={field}>
          <option value="">anyone</option>
          <option value="unknown">unknown (no actor recorded)</option>
          {actors.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </select>
      </label>
      <label className="text-sm">
        <span className="font-medium">From (UTC day)</span>
        <input type="date" name="from" defaultValue={filter.from ?? ''} className={field} />
      </label>
      <label className="text-sm">
        <span className="font-medium">To (UTC day, inclusive)</span>
        <input type="date" name="to" defaultValue={filter.to ?? ''} className={field} />
      </label>
      <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-800 focus:outline-none focus:ring-2 focus:ring-sky-500 focus:ring-offset-2">Filter</button>
    </form>
  );
}
