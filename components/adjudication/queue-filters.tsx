/** Filter the queue by specialty and case (a plain GET form: works without JavaScript, keeps the URL shareable). */
export function QueueFilters(props: { status: 'pending' | 'adjudicated'; specialties: string[]; cases: string[]; specialty: string; caseId: string }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter the queue">
      {props.status === 'adjudicated' ? <input type="hidden" name="status" value="adjudicated" /> : null}
      <label className="flex flex-col">
        <span className="font-medium">Specialty</span>
        <select name="specialty" defaultValue={props.specialty} className="rounded border border-slate-300 px-2 py-1">
          <option value="">All</option>
          {props.specialties.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label className="flex flex-col">
        <span className="font-medium">Case</span>
        <select name="case" defaultValue={props.caseId} className="rounded border border-slate-300 px-2 py-1">
          <option value="">All</option>
          {props.cases.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </label>
      <button type="submit" className="rounded-md bg-white px-3 py-1.5 font-semibold ring-1 ring-slate-300 hover:bg-slate-100">Filter</button>
    </form>
  );
}
