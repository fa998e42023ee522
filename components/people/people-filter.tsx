import { ROLE_LABEL, inputClass } from '@/components/people/fields';
import type { PeopleFilter } from '@/lib/people/schema';
import { SPECIALTIES } from '@/lib/specialties';

/** A plain GET form: filters live in the URL, so a filtered list can be bookmarked and shared. */
export function PeopleFilterForm({ filter }: { filter: PeopleFilter }) {
  return (
    <form method="get" role="search" aria-label="Filter people" className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="filter-q" className="block text-sm font-medium">Name or email</label>
        <input id="filter-q" name="q" defaultValue={filter.q ?? ''} className={inputClass} />
      </div>
      <div>
        <label htmlFor="filter-role" className="block text-sm font-medium">Role</label>
        <select id="filter-role" name="role" defaultValue={filter.role ?? ''} className={inputClass}>
          <option value="">Any role</option>
          {Object.entries(ROLE_LABEL).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="filter-specialty" className="block text-sm font-medium">Specialty</label>
        <select id="filter-specialty" name="specialty" defaultValue={filter.specialty ?? ''} className={inputClass}>
          <option value="">Any specialty</option>
          {SPECIALTIES.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}
        </select>
      </div>
      <div>
        <label htmlFor="filter-status" className="block text-sm font-medium">Status</label>
        <select id="filter-status" name="status" defaultValue={filter.status ?? ''} className={inputClass}>
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="inactive">Inactive</option>
        </select>
      </div>
      <button type="submit" className="rounded-md bg-white px-4 py-2 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-100">Filter</button>
    </form>
  );
}
